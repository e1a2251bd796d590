using Starter.Schemas;

namespace Starter.Auth;

/// <summary>What an administrator's change to an account came to.</summary>
public enum AdminChange
{
    /// <summary>Done; <see cref="AdminResult.User"/> is the account as it is now (null once deleted).</summary>
    Done,

    /// <summary>No account has that id.</summary>
    NotFound,

    /// <summary>No role has that name.</summary>
    UnknownRole,

    /// <summary>Refused: the account is the last admin who can sign in, and the change would leave none.</summary>
    LastAdmin,
}

public sealed record AdminResult(AdminChange Change, AdminUserRead? User = null);
