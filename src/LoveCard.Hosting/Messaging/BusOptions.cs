namespace LoveCard.Hosting.Messaging;

public sealed class BusOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "lovecard";

    public string Username { get; set; } = "lovecard";

    public string Password { get; set; } = "lovecard-dev";

    /// <summary>Queue-name prefix; defaults to the service name (<c>settlement-card-suspended</c>).</summary>
    public string? EndpointPrefix { get; set; }

    /// <summary>
    /// Retries of a deterministic failure (a bad payload, a violated rule) before the message goes to
    /// its <c>_error</c> queue: a second and third try tell "fails every time" from a one-off race.
    /// When none are configured, <see cref="DefaultRetryIntervalsMs"/> apply. (Empty by default
    /// because configuration binding appends to an array rather than replacing it.) Transient
    /// failures are not counted here: they are retried for as long as they last (ADR 0014).
    /// </summary>
    public int[] RetryIntervalsMs { get; set; } = [];

    /// <summary>About 1.5 s in all: poison reaches the error queue at once, in human terms.</summary>
    public static readonly int[] DefaultRetryIntervalsMs = [200, 1000];

    public int[] EffectiveRetryIntervalsMs => RetryIntervalsMs.Length > 0 ? RetryIntervalsMs : DefaultRetryIntervalsMs;

    /// <summary>First delay after a transient failure; it doubles with each failure.</summary>
    public int TransientRetryMinDelayMs { get; set; } = 200;

    /// <summary>
    /// The longest delay between two tries of a transiently failing message: also the longest a
    /// message waits after the database or broker is back.
    /// </summary>
    public int TransientRetryMaxDelayMs { get; set; } = 30_000;

    /// <summary>
    /// How long one delivery is retried in process before it is handed back to RabbitMQ and delivered
    /// again: below the broker's consumer timeout (30 minutes by default), which would close the channel.
    /// </summary>
    public int TransientRetryEpisodeMinutes { get; set; } = 20;

    /// <summary>
    /// Consumers of this process working on the database at once (0: half the connection pool), so
    /// a burst of events cannot take every pooled connection from the HTTP requests (ADR 0016).
    /// </summary>
    public int ConsumerConcurrency { get; set; }

    public int PrefetchCount { get; set; } = 32;
}
