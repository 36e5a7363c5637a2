namespace LoveCard.Terminal;

public sealed class TerminalClientOptions
{
    public const string DefaultServerUrl = "http://127.0.0.1:5104";

    /// <summary>The settlement service; a path prefix (a reverse proxy's) is kept and signed as part of the
    /// target.</summary>
    public Uri ServerUrl { get; set; } = new(DefaultServerUrl);

    /// <summary>Where <see cref="TerminalClient.ActivateAsync"/> saves the key; null keeps it in memory only.</summary>
    public string? KeyFilePath { get; set; }

    /// <summary>Sends of one request, the first included. Bounded: a terminal must not hammer a struggling
    /// server.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the second send; doubled per attempt (with jitter) up to
    /// <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one send may take before it counts as a lost answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one ends the attempts (the caller decides).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Called before every send, e.g. to log retries or count them in a benchmark.</summary>
    public Action<TerminalAttempt>? OnAttempt { get; set; }
}
