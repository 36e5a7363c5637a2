namespace LoveCard.Contracts.Eligibility;

/// <summary>
/// A bureau recorded an elder's death with its date (DOMAIN.md §8 "Death"), usually days after it
/// happened. The cards service revokes the elder's card (reason <c>death</c>); settlement looks back
/// over purchases booked on or after <see cref="DateOfDeath"/>. A death is recorded once, so the
/// aggregate is the death itself: AggregateId <c>elder-death:{elderId}</c>, version 1. It is not
/// part of the elder's version stream, which ElderClassified carries alone.
/// </summary>
public sealed record ElderDied : IntegrationEvent
{
    public required Guid ElderId { get; init; }

    public required string HomeCounty { get; init; }

    public required string VillageCode { get; init; }

    /// <summary>The Asia/Shanghai calendar day of death.</summary>
    public required DateOnly DateOfDeath { get; init; }
}
