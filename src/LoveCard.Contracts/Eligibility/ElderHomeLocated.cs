namespace LoveCard.Contracts.Eligibility;

/// <summary>
/// A bureau set (or cleared) the point of an elder's home (DOMAIN.md §8 "Home visits"): a WGS-84 point that home
/// visits are measured against. AggregateId <c>elder-home:{elderId}</c>, its version counting the changes; it is
/// not part of the elder's version stream, which ElderClassified carries alone.
/// </summary>
public sealed record ElderHomeLocated : IntegrationEvent
{
    public required Guid ElderId { get; init; }

    public required string HomeCounty { get; init; }

    /// <summary>Latitude in degrees; null with <see cref="Lon"/> when the location was cleared.</summary>
    public double? Lat { get; init; }

    public double? Lon { get; init; }
}
