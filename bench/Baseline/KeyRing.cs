using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Starter.Bench.Baseline;

/// <summary>
/// The starter's data-protection key ring, read from the table its <c>PersistKeysToDbContext</c>
/// writes (<c>data_protection_keys</c>), so this app unprotects the starter's bearer tokens. Read
/// only: the starter creates the key; this app never adds one (<c>DisableAutomaticKeyGeneration</c>).
/// Read when the key ring is loaded or refreshed, not per request.
/// </summary>
public sealed class KeyRing(NpgsqlDataSource db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = db.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            if (!reader.IsDBNull(0))
            {
                keys.Add(XElement.Parse(reader.GetString(0)));
            }
        }
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName) =>
        throw new NotSupportedException("The baseline reads the starter's key ring and never writes it.");
}
