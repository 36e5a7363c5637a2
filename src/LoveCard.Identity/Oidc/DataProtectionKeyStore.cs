using System.Xml.Linq;
using Dapper;
using LoveCard.Hosting.PersonalData;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// ASP.NET Core Data Protection keys (the sign-in cookie, anti-forgery tokens) in the identity schema,
/// sealed with the personal-data key, so every instance reads the others' cookies.
/// </summary>
public sealed class DataProtectionKeyStore(NpgsqlDataSource dataSource, PersonalDataProtector protector)
    : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return connection
            .Query<string>("SELECT xml_encrypted FROM data_protection_keys ORDER BY id")
            .Select(text => XElement.Parse(protector.Decrypt(text)))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml_encrypted) VALUES (@friendlyName, @xml)",
            new { friendlyName, xml = protector.Encrypt(element.ToString(SaveOptions.DisableFormatting)) }
        );
    }
}
