namespace LoveCard.Settlement.Core.Charity;

/// <summary>What the allocation rule reads of a county: its code, the mountain-or-island flag and its eligible
/// elders.</summary>
public sealed record CharityCounty(string County, bool MountainOrIsland, long EligibleElders);
