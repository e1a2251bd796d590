namespace Starter.Db.Local;

/// <summary>What kind of local server to provision.</summary>
/// <param name="Purpose">"dev" or "tests": names Docker containers and shows in logs.</param>
/// <param name="ClusterDirectory">Where a cluster made from local binaries keeps its files.</param>
/// <param name="Disposable">
/// Tests: a fresh cluster tuned for speed over durability (fsync off), deleted at the end, and
/// leftovers of killed runs next to it removed first. Dev: kept and reused across runs.
/// </param>
public sealed record LocalPostgresRequest(string Purpose, string ClusterDirectory, bool Disposable);
