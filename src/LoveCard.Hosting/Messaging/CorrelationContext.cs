namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The correlation id of the work in progress: taken from the HTTP request's <c>X-Correlation-Id</c>
/// (or made), stored with each outbox row, sent as the message's CorrelationId and restored in the
/// consumer, so one id follows a change across the bus.
/// </summary>
public static class CorrelationContext
{
    public const string HeaderName = "X-Correlation-Id";

    private static readonly AsyncLocal<Guid?> CurrentId = new();

    public static Guid? Current
    {
        get => CurrentId.Value;
        set => CurrentId.Value = value;
    }
}
