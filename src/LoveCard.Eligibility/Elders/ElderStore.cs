using Dapper;
using LoveCard.Hosting.Data;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

/// <summary>Reads of the register, and the log of unmasked reads (DOMAIN.md §6).</summary>
public sealed class ElderStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<ElderRow?> GetAsync(Guid elderId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ElderRow>(
            new CommandDefinition(
                $"SELECT {ElderRow.Columns} FROM elders WHERE elder_id = @elderId",
                new { elderId },
                cancellationToken: ct
            )
        );
    }

    /// <summary>
    /// A county's elders, paged and sorted by <paramref name="paging"/>, narrowed by <paramref name="search"/>
    /// (an ID number's keyed hash, a card number, or a masked name whose candidates the caller compares
    /// with the decrypted name: <see cref="EldersApi.ListElders"/>).
    /// </summary>
    public async Task<(IReadOnlyList<ElderRow> Items, long Total)> ListAsync(
        string county,
        string? village,
        string? area,
        int? category,
        ElderSearch search,
        Hosting.Paging.PageRequest paging,
        CancellationToken ct
    )
    {
        const string filter = """
            FROM elders WHERE home_county = @county AND (@village::text IS NULL OR village_code = @village)
                AND (@area::text IS NULL OR village_code LIKE @area || '%')
                AND (@category::int IS NULL OR category = @category)
                AND (@idHash::text IS NULL OR id_hash = @idHash)
                AND (@cardNumber::text IS NULL OR ss_card_number = @cardNumber)
                AND (@maskedName::text IS NULL OR name_masked = @maskedName)
            """;
        var args = new
        {
            county,
            village,
            area,
            category,
            search.IdHash,
            search.CardNumber,
            search.MaskedName,
            pageSize = paging.PageSize,
            offset = (long)paging.Offset,
        };
        var (total, items) = await dataSource.QueryPageAsync<ElderRow>(
            new CommandDefinition(
                $"""
                SELECT count(*) {filter};
                SELECT {ElderRow.Columns} {filter} ORDER BY {paging.OrderBy} LIMIT @pageSize OFFSET @offset
                """,
                args,
                cancellationToken: ct
            )
        );
        return (items, total);
    }

    public async Task<(IReadOnlyList<ClassificationRecord> Items, long Total)> HistoryAsync(
        Guid elderId,
        int page,
        int pageSize,
        CancellationToken ct
    )
    {
        var (total, items) = await dataSource.QueryPageAsync<ClassificationRecord>(
            new CommandDefinition(
                """
                SELECT count(*) FROM classifications WHERE elder_id = @elderId;
                SELECT version, category, eligible, is_local, reasons, rules_version, evaluated_on, home_county,
                    village_code, actor, reason, occurred_at
                FROM classifications WHERE elder_id = @elderId ORDER BY version DESC LIMIT @pageSize OFFSET @offset
                """,
                new
                {
                    elderId,
                    pageSize,
                    offset = (long)(page - 1) * pageSize,
                },
                cancellationToken: ct
            )
        );
        return (items, total);
    }

    /// <summary>Every read of unmasked personal data is itself logged: who, whose, why (DOMAIN.md §6).</summary>
    public async Task LogUnmaskedReadAsync(
        string actor,
        string role,
        Guid elderId,
        string[] fields,
        string purpose,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO personal_data_reads (read_at, actor, actor_role, elder_id, fields, purpose)
                VALUES (@now, @actor, @role, @elderId, @fields, @purpose)
                """,
                new
                {
                    now = time.GetUtcNow(),
                    actor,
                    role,
                    elderId,
                    fields,
                    purpose,
                },
                cancellationToken: ct
            )
        );
    }
}
