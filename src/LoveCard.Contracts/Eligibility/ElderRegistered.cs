namespace LoveCard.Contracts.Eligibility;

/// <summary>An elder entered the register (roster import or bureau entry). Carries no unmasked personal data.</summary>
public sealed record ElderRegistered : IntegrationEvent
{
    public required Guid ElderId { get; init; }

    /// <summary>Residence county on the roster: the home county (DOMAIN.md §2).</summary>
    public required string HomeCounty { get; init; }

    public required string VillageCode { get; init; }

    /// <summary>Masked, e.g. <c>王*华</c>.</summary>
    public required string MaskedName { get; init; }
}
