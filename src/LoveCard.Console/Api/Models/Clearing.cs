namespace LoveCard.Console.Api;

/// <summary>A closed period with its payouts, obligations and nets.</summary>
public sealed record Clearing(
    ClearingPeriod Period,
    long PayoutTotalFen,
    IReadOnlyList<Payout> Payouts,
    IReadOnlyList<Obligation> Obligations,
    IReadOnlyList<CountyNet> Nets
);
