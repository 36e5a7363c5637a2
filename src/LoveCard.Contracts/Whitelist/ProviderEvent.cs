namespace LoveCard.Contracts.Whitelist;

/// <summary>The provider state every provider status event carries. AggregateId is the provider id.</summary>
public abstract record ProviderEvent : IntegrationEvent
{
    public required Guid ProviderId { get; init; }

    /// <summary>The county whose bureau whitelisted the provider and through which it is paid.</summary>
    public required string County { get; init; }

    /// <summary>The 18-character unified social credit code.</summary>
    public required string UnifiedCode { get; init; }

    public required string Name { get; init; }

    public required string ProviderType { get; init; }

    /// <summary>One of <see cref="ProviderStatuses"/>.</summary>
    public required string Status { get; init; }

    public required int CreditScore { get; init; }

    /// <summary><c>government_purchase</c> or <c>project_cooperation</c>; added later, so null from older
    /// publishers.</summary>
    public string? AdmissionRoute { get; init; }

    /// <summary>The 9-digit township division code the provider works in, if its bureau named one (ADR 0044);
    /// null from older publishers and for providers serving the whole county.</summary>
    public string? Township { get; init; }

    /// <summary>First day of the provider's contract with the county (Asia/Shanghai).</summary>
    public DateOnly? ContractStart { get; init; }

    /// <summary>Last day of the contract; the provider is suspended automatically after it
    /// (<c>contract_ended</c>).</summary>
    public DateOnly? ContractEnd { get; init; }
}
