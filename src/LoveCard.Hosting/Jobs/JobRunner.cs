using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.Jobs;

/// <summary>
/// Runs due jobs, each on one instance at a time (a session advisory lock per job), driven by
/// <see cref="TimeProvider"/> so tests can move the clock and call <see cref="RunDueJobsAsync"/>.
/// </summary>
public sealed class JobRunner(
    IEnumerable<IScheduledJob> jobs,
    NpgsqlDataSource dataSource,
    DatabaseOptions options,
    StartupGate gate,
    TimeProvider time,
    ILogger<JobRunner> logger
) : BackgroundService
{
    // Every schedule is minutes or more apart, so a job may start up to this late; 5 s before (issue 20's idle cost).
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitForDatabaseAsync(stoppingToken);
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await RunDueJobsAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Job runner round failed: {Error}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Runs every job that is due now; returns the names of those it ran.</summary>
    public async Task<IReadOnlyList<string>> RunDueJobsAsync(CancellationToken ct)
    {
        var ran = new List<string>();
        // One look at the journal for every job; only a job due by it is locked and looked at again
        // (an idle service took a lock and read the journal for each of its jobs every round before).
        var lastStarted = await LastStartedAsync(ct);
        var now = time.GetUtcNow();
        foreach (var job in jobs)
        {
            var due = job.Schedule.IsDue(now, lastStarted.GetValueOrDefault(job.Name));
            if (due && await TryRunAsync(job, force: false, ct))
            {
                ran.Add(job.Name);
            }
        }

        return ran;
    }

    private async Task<Dictionary<string, DateTimeOffset?>> LastStartedAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Name, DateTime? LastStarted)>(
            new CommandDefinition("SELECT job_name, last_started FROM job_runs", cancellationToken: ct)
        );
        return rows.ToDictionary(
            r => r.Name,
            r =>
                r.LastStarted is { } at
                    ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
                    : (DateTimeOffset?)null
        );
    }

    /// <summary>Runs the named job now, whether due or not (an operator's command, or a test), after any run in
    /// progress.</summary>
    public Task<bool> RunNowAsync(string name, CancellationToken ct) =>
        TryRunAsync(jobs.Single(j => j.Name == name), force: true, ct);

    private async Task<bool> TryRunAsync(IScheduledJob job, bool force, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var lockKey = $"lovecard.job.{options.Schema}.{job.Name}";
        if (force)
        {
            // An explicit run waits for a run in progress (here or on another instance) to finish.
            await connection.ExecuteAsync(
                new CommandDefinition(
                    "SELECT pg_advisory_lock(hashtext(@lockKey))",
                    new { lockKey },
                    cancellationToken: ct
                )
            );
        }
        else if (
            !await connection.ExecuteScalarAsync<bool>(
                new CommandDefinition(
                    "SELECT pg_try_advisory_lock(hashtext(@lockKey))",
                    new { lockKey },
                    cancellationToken: ct
                )
            )
        )
        {
            return false; // another instance runs it
        }

        try
        {
            var now = time.GetUtcNow();
            var lastStarted = await connection.ExecuteScalarAsync<DateTimeOffset?>(
                new CommandDefinition(
                    "SELECT last_started FROM job_runs WHERE job_name = @Name",
                    new { job.Name },
                    cancellationToken: ct
                )
            );
            if (!force && !job.Schedule.IsDue(now, lastStarted))
            {
                return false;
            }

            await connection.ExecuteAsync(
                new CommandDefinition(
                    """
                    INSERT INTO job_runs (job_name, last_started, last_status) VALUES (@Name, @now, 'running')
                    ON CONFLICT (job_name) DO UPDATE SET last_started = @now, last_status = 'running'
                    """,
                    new { job.Name, now },
                    cancellationToken: ct
                )
            );
            try
            {
                await job.RunAsync(now, ct);
                await RecordAsync(connection, job.Name, "succeeded", null);
                LoveCardMetrics.JobRuns.WithLabels(job.Name, "succeeded").Inc();
                logger.LogInformation("Job {Job} ran", job.Name);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await RecordAsync(connection, job.Name, "failed", e.Message);
                LoveCardMetrics.JobRuns.WithLabels(job.Name, "failed").Inc();
                logger.LogError(e, "Job {Job} failed", job.Name);
            }

            return true;
        }
        finally
        {
            await connection.ExecuteAsync(
                new CommandDefinition(
                    "SELECT pg_advisory_unlock(hashtext(@lockKey))",
                    new { lockKey },
                    cancellationToken: CancellationToken.None
                )
            );
        }
    }

    private async Task RecordAsync(NpgsqlConnection connection, string name, string status, string? error) =>
        await connection.ExecuteAsync(
            new CommandDefinition(
                "UPDATE job_runs SET last_finished = @finished, last_status = @status, last_error = @error WHERE "
                    + "job_name = @name",
                new
                {
                    name,
                    status,
                    error,
                    finished = time.GetUtcNow(),
                }
            )
        );
}
