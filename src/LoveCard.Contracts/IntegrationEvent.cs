namespace LoveCard.Contracts;

/// <summary>
/// What every integration event carries (ARCHITECTURE.md, "Contracts"): the aggregate it is about,
/// that aggregate's version after the change, who acted and why. Events are state-carrying: they
/// hold the aggregate's relevant state after the change, so a consumer that skips an event older
/// than what it has applied loses nothing.
/// </summary>
/// <remarks>Versioned by adding fields, never by changing meaning; a new meaning is a new record.</remarks>
public abstract record IntegrationEvent
{
    /// <summary>Globally unique: a Guid, or a prefixed key such as <c>county-settings:330903</c>.</summary>
    public required string AggregateId { get; init; }

    /// <summary>Increases by one with every change of the aggregate.</summary>
    public required long AggregateVersion { get; init; }

    public required Actor Actor { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}
