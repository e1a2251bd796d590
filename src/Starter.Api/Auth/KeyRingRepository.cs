using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Starter.Auth;

/// <summary>
/// The data-protection key ring in <c>data_protection_keys</c> (mapped in <c>Db/UserConfiguration.cs</c>),
/// read and written with plain SQL: the rows the framework's EF Core repository would keep, without
/// building EF Core's model while the app starts, which is when the key ring is first loaded.
/// </summary>
internal sealed class KeyRingRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public const string Table = "data_protection_keys";

    // Data Protection's interface is synchronous; it calls this at start and when the ring is refreshed.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand($"SELECT xml FROM {Table} ORDER BY id");
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

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand($"INSERT INTO {Table} (friendly_name, xml) VALUES ($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
