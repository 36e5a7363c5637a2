using Dapper;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;
using LoveCard.Hosting.PersonalData;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// Every day at 00:05 Asia/Shanghai: reclassifies the elders whose result can change with time alone,
/// turning 60, reaching the advanced-age threshold, or an assessment expiring (DOMAIN.md §2). Each
/// classification stores the next such day as a keyed hash (<c>review_due</c>), so the job reads only those rows.
/// </summary>
public sealed class DailyReclassificationJob(
    NpgsqlDataSource dataSource,
    ElderWriter writer,
    PersonalDataProtector protector,
    TimeProvider time
) : IScheduledJob
{
    /// <summary>What migration 005 left on the rows it could not hash: reclassified at the next run.</summary>
    public const string PendingReview = "pending";

    private const int LookBackDays = 400;

    public const string JobName = "eligibility-daily-reclassification";
    private const int BatchSize = 2000;

    public string Name => JobName;

    public JobSchedule Schedule { get; } = JobSchedule.DailyAt(new TimeOnly(0, 5));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = Shanghai.Today(now);
        // review_due holds a keyed hash of the day, not the day (finding S-2): hash every day the job
        // may have missed (a year and a month back) and today, plus 'pending' (rows from before that).
        var due = Enumerable
            .Range(0, LookBackDays + 1)
            .Select(back => ElderRow.ReviewDueTag(protector, today.AddDays(-back)))
            .Append(PendingReview)
            .ToArray();
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            const string sql = $"""
                SELECT {ElderRow.Columns} FROM elders WHERE review_due = ANY(@due)
                ORDER BY elder_id LIMIT 2000 FOR UPDATE SKIP LOCKED
                """;
            var rows = (
                await connection.QueryAsync<ElderRow>(
                    new CommandDefinition(sql, new { due }, transaction, cancellationToken: ct)
                )
            ).ToArray();
            if (rows.Length == 0)
            {
                return;
            }

            // Every row's next review day moves past today, so the loop ends.
            await writer.ReclassifyAsync(
                connection,
                transaction,
                rows,
                Actor.Job(JobName),
                "daily reclassification (age or assessment expiry)",
                today,
                time.GetUtcNow(),
                ct
            );
            await transaction.CommitAsync(ct);
        }
    }
}
