namespace LoveCard.Contracts.Eligibility;

/// <summary>
/// A pack, not an event of its own (ADR 0051): the events one batch of a roster import would have published one by
/// one, in one message. It carries the <see cref="ElderRegistered"/> of every elder the batch added and the
/// <see cref="ElderClassified"/> of every elder whose classification it made or changed, each exactly as it would
/// have been published alone (its own aggregate, version, actor and reason), in the order the import wrote them, up
/// to <see cref="MaxElders"/> classifications a message. A consumer applies the events it would have applied alone;
/// the pack's MessageId is its inbox key, so a redelivered pack changes nothing. The audit trail records the events,
/// not the pack. A bureau's edit of one elder, a reclassification and a death still publish one event.
/// </summary>
public sealed record EldersImported
{
    /// <summary>The most classifications one pack carries (and so, at most as many registrations).</summary>
    public const int MaxElders = 500;

    /// <summary><c>elder-import:{uuid}</c>, unique per pack: the outbox's aggregate id for it.</summary>
    public required string PackId { get; init; }

    /// <summary>When the import's batch was written.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The elders the batch added to the register (version 1 of each), in the order written.</summary>
    public IReadOnlyList<ElderRegistered> Registered { get; init; } = [];

    /// <summary>The classifications the batch made or changed, in the order written.</summary>
    public IReadOnlyList<ElderClassified> Classified { get; init; } = [];
}
