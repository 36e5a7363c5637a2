using Dapper;
using LoveCard.Contracts;
using LoveCard.Eligibility.Elders;
using LoveCard.Eligibility.Imports;
using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using Npgsql;

namespace LoveCard.Eligibility.Counties;

/// <summary>
/// Reclassifies a county's elders after its settings change (DOMAIN.md §2: classification is dynamic).
/// Each elder row remembers the settings version it was classified under, so the work list is
/// simply "older than the county's current version": it survives restarts, and its size is the
/// progress shown on the settings (<c>pendingReclassification</c>).
/// </summary>
public sealed class ReclassificationWorker(
    NpgsqlDataSource dataSource,
    ElderWriter writer,
    WorkSignal signal,
    StartupGate gate,
    TimeProvider time,
    ILogger<ReclassificationWorker> logger
) : BackgroundService
{
    private const int BatchSize = 2000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitForDatabaseAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Reclassification round failed: {Error}", e.Message);
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reclassifies every elder classified under older settings than their county's; returns how
    /// many.</summary>
    /// <remarks>
    /// County by county, through the (home_county, settings_version) index: the worker looks every two
    /// seconds, and a look that scanned the whole register (a correlated sub-select per elder) cost a
    /// province's database a full scan of millions of rows each time (found profiling R5).
    /// </remarks>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        IReadOnlyList<(string County, int Version)> counties;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            counties = (
                await connection.QueryAsync<(string, int)>(
                    new CommandDefinition(
                        "SELECT county, version FROM county_settings ORDER BY county",
                        cancellationToken: ct
                    )
                )
            ).AsList();
        }

        var total = 0;
        foreach (var (county, version) in counties)
        {
            while (true)
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                const string sql = $"""
                    SELECT {ElderRow.Columns} FROM elders
                    WHERE home_county = @county AND settings_version < @version
                    LIMIT @BatchSize FOR UPDATE SKIP LOCKED
                    """;
                var rows = (
                    await connection.QueryAsync<ElderRow>(
                        new CommandDefinition(
                            sql,
                            new
                            {
                                county,
                                version,
                                BatchSize,
                            },
                            transaction,
                            cancellationToken: ct
                        )
                    )
                ).ToArray();
                if (rows.Length == 0)
                {
                    break;
                }

                var published = await writer.ReclassifyAsync(
                    connection,
                    transaction,
                    rows,
                    Actor.Job("reclassify-after-settings-change"),
                    "county settings changed",
                    Shanghai.Today(time),
                    time.GetUtcNow(),
                    ct
                );
                await transaction.CommitAsync(ct);
                total += rows.Length;
                logger.LogInformation(
                    "Reclassified {Count} elders of county {County} after a settings change; {Published} changed",
                    rows.Length,
                    county,
                    published
                );
            }
        }

        return total;
    }
}
