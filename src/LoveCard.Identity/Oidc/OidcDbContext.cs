using System.Text;
using Microsoft.EntityFrameworkCore;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// OpenIddict's applications, authorizations, scopes and tokens, and nothing else: the one place in
/// LoveCard where Entity Framework Core is used (ADR 0009). The tables are created by the
/// hand-written migrations like every other table; the names are snake_case so that the account
/// store can revoke a person's tokens with plain SQL in the same transaction as the account change.
/// A test compares this model with the migrated schema, so the two cannot drift apart.
/// </summary>
public sealed class OidcDbContext(DbContextOptions<OidcDbContext> options) : DbContext(options)
{
    public static readonly IReadOnlyDictionary<string, string> TableNames = new Dictionary<string, string>
    {
        ["OpenIddictEntityFrameworkCoreApplication"] = "oidc_applications",
        ["OpenIddictEntityFrameworkCoreAuthorization"] = "oidc_authorizations",
        ["OpenIddictEntityFrameworkCoreScope"] = "oidc_scopes",
        ["OpenIddictEntityFrameworkCoreToken"] = "oidc_tokens",
    };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var clrName = entity.ClrType.Name;
            var generic = clrName.IndexOf('`', StringComparison.Ordinal);
            entity.SetTableName(TableNames[generic < 0 ? clrName : clrName[..generic]]);
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.IsPrimaryKey() ? $"{entity.GetTableName()}_pkey" : SnakeCase(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(
                    $"{entity.GetTableName()}_{SnakeCase(foreignKey.Properties[0].Name)}_fkey"
                );
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(
                    $"{entity.GetTableName()}_{string.Join("_", index.Properties.Select(p => SnakeCase(p.Name)))}"
                );
            }
        }
    }

    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (
                char.IsUpper(c)
                && i > 0
                && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))
            )
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
