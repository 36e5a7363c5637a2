namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// One version of the allocation weights (ADR 0043), in thousandths. Version 0 is the service's configuration
/// (<c>source</c> <c>configuration</c>, no reason, user or time); every later version is a province user's change
/// (<c>source</c> <c>province</c>) with its reason.
/// </summary>
public sealed record CharityWeightsView(
    int Version,
    int MountainOrIslandWeightPermille,
    int OtherWeightPermille,
    string Source,
    string? Reason,
    string? ChangedBy,
    DateTimeOffset? ChangedAt
)
{
    public const string FromConfiguration = "configuration";
    public const string FromProvince = "province";

    public CharityWeights Weights => new(MountainOrIslandWeightPermille, OtherWeightPermille);

    public static CharityWeightsView Configured(CharityWeights weights) =>
        new(0, weights.MountainOrIslandPermille, weights.OtherPermille, FromConfiguration, null, null, null);
}
