namespace LoveCard.Hosting.Data;

/// <summary>
/// Opens once the service's schema is migrated. Until then readiness is false, the outbox relay
/// and the jobs wait, and consumers hold their messages rather than failing them.
/// </summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _databaseReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDatabaseReady => _databaseReady.Task.IsCompleted;

    public string? LastError { get; internal set; }

    public Task WaitForDatabaseAsync(CancellationToken ct) => _databaseReady.Task.WaitAsync(ct);

    internal void MarkDatabaseReady() => _databaseReady.TrySetResult();
}
