namespace LoveCard.Settlement.Core.Purchases;

/// <summary>One row of <c>purchases</c>.</summary>
public sealed class PurchaseRow
{
    public Guid PurchaseId { get; init; }

    public string ReceiptNo { get; init; } = "";

    public string TerminalId { get; init; } = "";

    public Guid ProviderId { get; init; }

    public string ProviderCounty { get; init; } = "";

    public string? IdempotencyKey { get; init; }

    public string Status { get; init; } = "";

    public string? DeclineCode { get; init; }

    public string CredentialType { get; init; } = "";

    public Guid? CardId { get; init; }

    public Guid? ElderId { get; init; }

    public string? MaskedName { get; init; }

    public int? Category { get; init; }

    public string? HomeCounty { get; init; }

    public string? VillageCode { get; init; }

    public string Item { get; init; } = "";

    public int Quantity { get; init; }

    public long? ListPriceFen { get; init; }

    public long? PriceFen { get; init; }

    public long? FiscalFen { get; init; }

    public long? CollectiveFen { get; init; }

    public long? CharityFen { get; init; }

    public long? FamilyFen { get; init; }

    public long? RemainingFiscalFen { get; init; }

    public long? RemainingCollectiveFen { get; init; }

    public long? RemainingCharityFen { get; init; }

    public long FiscalBackFen { get; init; }

    public long CollectiveBackFen { get; init; }

    public long CharityBackFen { get; init; }

    public long FamilyBackFen { get; init; }

    public int? PolicyVersion { get; init; }

    public DateOnly? CapMonth { get; init; }

    public Guid? OrderId { get; init; }

    public string? CareWorkerId { get; init; }

    public double? LocationLat { get; init; }

    public double? LocationLon { get; init; }

    public DateTime OccurredAt { get; init; }

    public DateTime BookedAt { get; init; }

    public DateOnly BookedDay { get; init; }
}
