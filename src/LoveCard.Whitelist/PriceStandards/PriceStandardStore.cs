using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Whitelist.PriceStandards;

/// <summary>
/// County price standards (价格标准, DOMAIN.md §4): versioned per county, each version in force from
/// its effective day until a later version's. A version is never changed once written: a correction
/// is a new version, so a price checked against a ceiling can always be explained.
/// </summary>
public sealed class PriceStandardStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string HeaderColumns = "county, version, effective_from, reason, set_by, set_at";

    public async Task<PriceStandardVersion> AddVersionAsync(
        string county,
        DateOnly effectiveFrom,
        IReadOnlyList<PriceStandardItemRow> items,
        string reason,
        Actor actor,
        CancellationToken ct
    )
    {
        // One writer per county at a time, so versions are numbered without gaps or clashes.
        const string lockCounty = "SELECT pg_advisory_xact_lock(hashtext('price-standards:' || @county))";
        const string next = "SELECT coalesce(max(version), 0) + 1 FROM price_standards WHERE county = @county";
        const string header = """
            INSERT INTO price_standards (county, version, effective_from, reason, set_by, set_at)
            VALUES (@County, @Version, @EffectiveFrom, @Reason, @SetBy, @SetAt)
            """;
        const string item = """
            INSERT INTO price_standard_items (county, version, item_code, name, unit, ceiling_fen, home_service,
                minimum_visit_minutes)
            VALUES (@county, @version, @ItemCode, @Name, @Unit, @CeilingFen, @HomeService, @MinimumVisitMinutes)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(lockCounty, new { county }, transaction, cancellationToken: ct)
        );
        var version = await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(next, new { county }, transaction, cancellationToken: ct)
        );

        var now = time.GetUtcNow();
        var standard = new PriceStandardVersion
        {
            County = county,
            Version = version,
            EffectiveFrom = effectiveFrom,
            Reason = reason,
            SetBy = actor.Id,
            SetAt = now,
            Items = items,
        };
        await connection.ExecuteAsync(new CommandDefinition(header, standard, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(
            new CommandDefinition(
                item,
                items.Select(i => new
                {
                    county,
                    version,
                    i.ItemCode,
                    i.Name,
                    i.Unit,
                    i.CeilingFen,
                    i.HomeService,
                    i.MinimumVisitMinutes,
                }),
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new PriceStandardChanged
            {
                AggregateId = $"price-standards:{county}",
                AggregateVersion = version,
                Actor = actor,
                Reason = reason,
                OccurredAt = now,
                County = county,
                StandardVersion = version,
                EffectiveFrom = effectiveFrom,
                Items = items.Select(i => i.ToEvent()).ToArray(),
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return standard;
    }

    /// <summary>The version in force on <paramref name="day"/> (the latest effective on or before it), with its
    /// items.</summary>
    public async Task<PriceStandardVersion?> InForceAsync(string county, DateOnly day, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {HeaderColumns} FROM price_standards
            WHERE county = @county AND effective_from <= @day
            ORDER BY effective_from DESC, version DESC LIMIT 1
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var standard = await connection.QuerySingleOrDefaultAsync<PriceStandardVersion>(
            new CommandDefinition(sql, new { county, day }, cancellationToken: ct)
        );
        return standard is null
            ? null
            : standard with
            {
                Items = await ItemsAsync(connection, county, standard.Version, ct),
            };
    }

    /// <summary>Versions that take effect after <paramref name="today"/>.</summary>
    public async Task<IReadOnlyList<PriceStandardVersion>> ScheduledAsync(
        string county,
        DateOnly today,
        CancellationToken ct
    )
    {
        const string sql = $"""
            SELECT {HeaderColumns} FROM price_standards
            WHERE county = @county AND effective_from > @today
            ORDER BY effective_from, version
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var result = new List<PriceStandardVersion>();
        foreach (
            var standard in await connection.QueryAsync<PriceStandardVersion>(
                new CommandDefinition(sql, new { county, today }, cancellationToken: ct)
            )
        )
        {
            result.Add(standard with { Items = await ItemsAsync(connection, county, standard.Version, ct) });
        }

        return result;
    }

    private static async Task<IReadOnlyList<PriceStandardItemRow>> ItemsAsync(
        NpgsqlConnection connection,
        string county,
        int version,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT item_code, name, unit, ceiling_fen, home_service, minimum_visit_minutes FROM price_standard_items
            WHERE county = @county AND version = @version ORDER BY item_code
            """;
        return (
            await connection.QueryAsync<PriceStandardItemRow>(
                new CommandDefinition(sql, new { county, version }, cancellationToken: ct)
            )
        ).AsList();
    }
}
