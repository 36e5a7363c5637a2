namespace LoveCard.Console.Api;

/// <summary>One elder of a visiting-care list (探访关爱), masked.</summary>
public sealed record VisitingCareEntry(
    Guid ElderId,
    string Name,
    string VillageCode,
    int? Category,
    IReadOnlyList<string> Situations,
    string? Phone
);
