namespace LoveCard.Console.Api;

/// <summary>A payout instruction to one of the county's providers and its bank status.</summary>
public sealed record Payout(
    Guid ProviderId,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long AmountFen,
    string Status,
    string? StatusNote,
    string? StatusBy,
    DateTimeOffset? StatusAt,
    string? County = null,
    string? Period = null,
    string? BankReference = null,
    DateOnly? PaidOn = null
);
