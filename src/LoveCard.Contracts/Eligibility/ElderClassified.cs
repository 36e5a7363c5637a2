namespace LoveCard.Contracts.Eligibility;

/// <summary>
/// The elder's classification after any change of input, settings or date. Published only when the
/// result changed. <see cref="Category"/> is null when the elder is not eligible for a card.
/// </summary>
public sealed record ElderClassified : IntegrationEvent
{
    public required Guid ElderId { get; init; }

    public required string HomeCounty { get; init; }

    /// <summary>The village/community whose collective fund pays the collective share.</summary>
    public required string VillageCode { get; init; }

    public required string MaskedName { get; init; }

    /// <summary>1, 2 or 3; null when not eligible.</summary>
    public int? Category { get; init; }

    public required bool Eligible { get; init; }

    public required bool IsLocal { get; init; }

    /// <summary>The rules that fired, e.g. <c>local</c>, <c>hardship:dibao</c>, <c>ability&gt;=1</c>.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    public required string RulesVersion { get; init; }

    public required DateOnly EvaluatedOn { get; init; }

    /// <summary>The social-security card number from the roster, when it has one (9 characters).</summary>
    public string? SocialSecurityCardNumber { get; init; }

    /// <summary>Special situations for visiting care (alone, empty-nest, ...), for counts only.</summary>
    public IReadOnlyList<string> SpecialSituations { get; init; } = [];
}
