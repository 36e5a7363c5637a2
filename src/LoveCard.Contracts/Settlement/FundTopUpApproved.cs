namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A fund top-up was approved by a second user (maker-checker, DOMAIN.md §3) and posted from the
/// external account into the fund. AggregateId is the fund account key (as in <see cref="FundLow"/>);
/// the version counts the fund's approved top-ups.
/// </summary>
public sealed record FundTopUpApproved : IntegrationEvent
{
    public required Guid TopUpId { get; init; }

    public required string County { get; init; }

    /// <summary><c>fiscal</c>, <c>collective</c> or <c>charity</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The village code for a collective fund, else null.</summary>
    public string? VillageCode { get; init; }

    public required long AmountFen { get; init; }

    public required long BalanceFen { get; init; }

    public required string ProposedBy { get; init; }

    public required string ApprovedBy { get; init; }
}
