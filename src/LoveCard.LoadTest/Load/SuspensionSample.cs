namespace LoveCard.LoadTest.Load;

/// <summary>
/// One R4 suspension as the benchmark saw it, in wall-clock time: the suspend request sent and answered, the first
/// inquiry answered <c>card_suspended</c>, and how many inquiries that took; and, read back from the database
/// afterwards (<see cref="SuspensionHops"/>), when the cards transaction began (the outbox row's
/// <c>created_at</c>), when the relay began to publish the event (<c>sent_at</c>, ADR 0059) and when settlement's
/// consumer began its transaction (its inbox row's <c>received_at</c>).
/// </summary>
public sealed record SuspensionSample(Guid CardId, DateTimeOffset Sent, DateTimeOffset Answered, DateTimeOffset Seen)
{
    public int Inquiries { get; init; }

    public DateTimeOffset? Written { get; set; }

    public DateTimeOffset? Published { get; set; }

    public DateTimeOffset? Consumed { get; set; }
}
