namespace LoveCard.Console.Api;

/// <summary>A card as the cards service answers it.</summary>
public sealed record CardRecord(
    Guid CardId,
    Guid ElderId,
    string CardNumber,
    string Status,
    string? StatusReason,
    bool Eligible,
    int? Category,
    string HomeCounty,
    string VillageCode,
    string MaskedName,
    IReadOnlyList<string> Modules,
    bool FaceBound,
    long Version,
    DateTimeOffset ProvisionedAt,
    DateTimeOffset UpdatedAt
);
