using Dapper;
using Npgsql;

namespace LoveCard.Testing;

/// <summary>
/// Invented county-level divisions for tests (ADR 0036): a kit that makes up a county code so its rows do not
/// meet another test's registers it first, in the county register of every service schema of the test database,
/// the table the platform migration fills and a re-districting migration adds to. The services then refuse
/// every code that is not registered, test codes included.
/// </summary>
public static class TestCounties
{
    /// <summary>Registers <paramref name="code"/> (idempotent) and returns it. Call after the hosts started.</summary>
    public static string Register(string code)
    {
        using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString);
        connection.Open();
        var schemas = connection
            .Query<string>("SELECT table_schema FROM information_schema.tables WHERE table_name = 'county_register'")
            .ToList();
        if (schemas.Count == 0)
        {
            throw new InvalidOperationException("No service schema has its county register yet; start a host first.");
        }

        foreach (var schema in schemas)
        {
            connection.Execute(
                $"""
                INSERT INTO "{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}".county_register
                    (code, name, city, mountain, island, added_by)
                VALUES (@code, @name, '测试市', false, false, 'test-kit')
                ON CONFLICT (code) DO NOTHING
                """,
                new { code, name = $"测试区县{code}" }
            );
        }

        return code;
    }
}
