using Dapper;
using LoveCard.Identity.Oidc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Identity.Tests.Oidc;

/// <summary>
/// The hand-written migration and OpenIddict's Entity Framework model describe the same tables (ADR 0009).
/// </summary>
public sealed class The_OpenIddict_tables
{
    [Test]
    public async Task Match_the_entity_framework_model_column_for_column()
    {
        await using var scope = Hosts.Identity.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<OidcDbContext>();
        var model = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var expected = model
            .Tables.SelectMany(t =>
                t.Columns.Select(c => $"{t.Name}.{c.Name} {c.StoreType} {(c.IsNullable ? "null" : "not null")}")
            )
            .OrderBy(x => x, StringComparer.Ordinal)
            .ToList();

        await using var connection = await Database.OpenAsync();
        var actual = (
            await connection.QueryAsync<string>(
                """
                SELECT table_name || '.' || column_name || ' ' ||
                       CASE WHEN data_type = 'character varying'
                            THEN 'character varying(' || character_maximum_length || ')' ELSE data_type END ||
                       CASE WHEN is_nullable = 'YES' THEN ' null' ELSE ' not null' END
                FROM information_schema.columns
                WHERE table_schema = 'identity' AND table_name = ANY(@tables)
                """,
                new { tables = model.Tables.Select(t => t.Name).ToArray() }
            )
        ).OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.That(actual, Is.EqualTo(expected));

        var indexes = model.Tables.SelectMany(t => t.Indexes.Select(i => i.Name)).ToArray();
        var present = (
            await connection.QueryAsync<string>("SELECT indexname FROM pg_indexes WHERE schemaname = 'identity'")
        ).ToHashSet();
        Assert.That(indexes.Where(i => !present.Contains(i)), Is.Empty, "every index of the model exists");
    }
}
