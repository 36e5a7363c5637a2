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
    /// In-process retries before a message goes to its <c>_error</c> queue. When none are configured,
    /// <see cref="DefaultRetryIntervalsMs"/> apply. (Empty by default because configuration binding
    /// appends to an array rather than replacing it.)
    /// </summary>
    public int[] RetryIntervalsMs { get; set; } = [];

    /// <summary>
    /// About 70 s in all: long enough to outlast a database restart, so a consumer does not send a
    /// message to the error queue for an outage that ends by itself (fault test F2).
    /// </summary>
    public static readonly int[] DefaultRetryIntervalsMs = [100, 500, 2000, 5000, 10000, 20000, 30000];

    public int[] EffectiveRetryIntervalsMs => RetryIntervalsMs.Length > 0 ? RetryIntervalsMs : DefaultRetryIntervalsMs;

    public int PrefetchCount { get; set; } = 32;
}
