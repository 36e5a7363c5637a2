namespace LoveCard.Hosting.Jobs;

/// <summary>
/// Time-based work (order expiry, daily reclassification, contract ends, period close), run by
/// the <see cref="JobRunner"/> against the database: Debian's RabbitMQ has no delayed-message plugin.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Stable name: the job's advisory-lock key and its row in <c>job_runs</c>.</summary>
    string Name { get; }

    JobSchedule Schedule { get; }

    Task RunAsync(DateTimeOffset now, CancellationToken ct);
}
