namespace LoveCard.Settlement.Core.Purchases;

/// <summary>A card found by a credential, with its elder's classification (null fields when no ElderClassified arrived).</summary>
public sealed class CardRow
{
    public Guid CardId { get; init; }

    public Guid ElderId { get; init; }

    public string CardHomeCounty { get; init; } = "";

    public string Status { get; init; } = "";

    public string? HomeCounty { get; init; }

    public string? VillageCode { get; init; }

    public string? MaskedName { get; init; }

    public int? Category { get; init; }

    public bool? Eligible { get; init; }
}

public sealed class ProviderRow
{
    public Guid ProviderId { get; init; }

    public string County { get; init; } = "";

    public string Status { get; init; } = "";
}

public sealed class ProviderItemRow
{
    public string ItemCode { get; init; } = "";

    public string Name { get; init; } = "";

    public string Unit { get; init; } = "";

    public long UnitPriceFen { get; init; }

    public int DiscountPercent { get; init; }

    public DateOnly EffectiveFrom { get; init; }
}

public sealed class SettingsRow
{
    public string County { get; init; } = "";

    public bool OneCardNetwork { get; init; }

    public int LowFundAlertDays { get; init; }
}

public sealed class PolicyRow
{
    public int PolicyVersion { get; init; }

    public string Categories { get; init; } = "[]";
}

public sealed class CapUsageRow
{
    public long FiscalUsedFen { get; init; }

    public long CollectiveUsedFen { get; init; }

    public long CharityUsedFen { get; init; }
}

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

public sealed class ReversalRow
{
    public Guid ReversalId { get; init; }

    public Guid PurchaseId { get; init; }

    public string Kind { get; init; } = "";

    public long AmountFen { get; init; }

    public long FiscalFen { get; init; }

    public long CollectiveFen { get; init; }

    public long CharityFen { get; init; }

    public long FamilyFen { get; init; }

    public string? Reason { get; init; }

    public DateTime BookedAt { get; init; }
}
