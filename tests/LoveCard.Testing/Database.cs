using Dapper;
using Npgsql;

namespace LoveCard.Testing;

/// <summary>Direct queries for assertions (the tests may read any schema; services may not).</summary>
public static class Database
{
    public static async Task<NpgsqlConnection> OpenAsync(string? schema = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestInfrastructure.ConnectionString);
        if (schema is not null)
        {
            builder.SearchPath = schema;
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<T> ScalarAsync<T>(string schema, string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync(schema);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
