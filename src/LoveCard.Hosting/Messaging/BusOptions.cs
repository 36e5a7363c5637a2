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

    /// <summary>In-process retries before a message goes to its <c>_error</c> queue.</summary>
    public int[] RetryIntervalsMs { get; set; } = [100, 500, 2000];

    public int PrefetchCount { get; set; } = 32;
}
