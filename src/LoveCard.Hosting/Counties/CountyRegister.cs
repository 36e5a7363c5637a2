using System.Collections.Concurrent;
using Dapper;
using LoveCard.Hosting.Errors;
using Npgsql;

namespace LoveCard.Hosting.Counties;

/// <summary>
/// The county register of this service (ADR 0036): the <c>county_register</c> table in the service's own
/// schema, filled by the platform migration and by <see cref="AddAsync"/> (the province's API in
/// eligibility, the <c>CountyDivisionAdded</c> consumer elsewhere). Known codes are kept in memory once
/// seen; an unknown code is looked up again every time, so a division added by another instance is known
/// at its first use.
/// </summary>
public sealed class CountyRegister(NpgsqlDataSource dataSource)
{
    private const string Columns = "code, name, city, mountain, island";

    private readonly ConcurrentDictionary<string, CountyDivision> _known = new(StringComparer.Ordinal);

    public async Task<CountyDivision?> FindAsync(string? code, CancellationToken ct)
    {
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        if (_known.TryGetValue(code, out var division))
        {
            return division;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        division = await connection.QuerySingleOrDefaultAsync<CountyDivision>(
            new CommandDefinition(
                $"SELECT {Columns} FROM county_register WHERE code = @code",
                new { code },
                cancellationToken: ct
            )
        );
        return division is null ? null : _known.GetOrAdd(code, division);
    }

    public async Task<bool> IsKnownAsync(string? code, CancellationToken ct) => await FindAsync(code, ct) is not null;

    /// <summary>400 <c>unknown_county</c> naming <paramref name="field"/> unless the code is in the register.</summary>
    public async Task<CountyDivision> RequireAsync(string? code, string field, CancellationToken ct) =>
        await FindAsync(code, ct) ?? throw Unknown(field);

    /// <summary>404 <c>unknown_county</c> unless the county named in a path is in the register.</summary>
    public async Task<CountyDivision> RequireInPathAsync(string? code, CancellationToken ct) =>
        await FindAsync(code, ct) ?? throw new NotFoundException("County", "unknown_county");

    public static BadInputException Unknown(string field) =>
        new(field, "unknown_county", "This county code is not a county-level division in the province's register.");

    /// <summary>All divisions, by code.</summary>
    public async Task<IReadOnlyList<CountyDivision>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var all = await connection.QueryAsync<CountyDivision>(
            new CommandDefinition($"SELECT {Columns} FROM county_register ORDER BY code", cancellationToken: ct)
        );
        return all.ToList();
    }

    /// <summary>Adds a division (in the caller's transaction when given); true when it was new.</summary>
    public async Task<bool> AddAsync(
        CountyDivision division,
        string addedBy,
        CancellationToken ct,
        NpgsqlConnection? connection = null,
        NpgsqlTransaction? transaction = null
    )
    {
        const string sql = """
            INSERT INTO county_register (code, name, city, mountain, island, added_by)
            VALUES (@Code, @Name, @City, @Mountain, @Island, @addedBy)
            ON CONFLICT (code) DO NOTHING
            """;
        var parameters = new
        {
            division.Code,
            division.Name,
            division.City,
            division.Mountain,
            division.Island,
            addedBy,
        };
        int added;
        if (connection is null)
        {
            await using var own = await dataSource.OpenConnectionAsync(ct);
            added = await own.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        }
        else
        {
            added = await connection.ExecuteAsync(
                new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)
            );
        }

        return added == 1;
    }
}
