using Dapper;
using Npgsql;

namespace LoveCard.Hosting.Data;

/// <summary>
/// The listings' shape: one round trip whose SQL is a <c>count(*)</c> followed by the page's rows
/// (same filter, <c>OFFSET … LIMIT …</c>), read as the total and the items.
/// </summary>
public static class PagedQuery
{
    public static async Task<(long Total, IReadOnlyList<T> Items)> QueryPageAsync<T>(
        this NpgsqlDataSource dataSource,
        CommandDefinition countThenPage
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(countThenPage.CancellationToken);
        await using var results = await connection.QueryMultipleAsync(countThenPage);
        var total = await results.ReadSingleAsync<long>();
        return (total, (await results.ReadAsync<T>()).AsList());
    }
}
