namespace LoveCard.Console.Api;

/// <summary>A bureau's entry of a provider (it starts as <c>applied</c>).</summary>
public sealed record ProviderInput(
    string UnifiedCode,
    string Name,
    string ProviderType,
    string County,
    string Address,
    string ContactName,
    string ContactPhone,
    string AdmissionRoute,
    DateOnly? ContractStart,
    DateOnly? ContractEnd,
    bool LegacyCodeOverride,
    string? LegacyCodeReason,
    string? Township = null
);
