namespace LoveCard.Settlement.Core.Charity;

/// <summary>One county's part of an allocation: the inputs of the rule and the fen it gets.</summary>
public sealed record CharityShareView(
    string County,
    bool MountainOrIsland,
    long EligibleElders,
    int WeightPermille,
    long AmountFen
);
