namespace LoveCard.Console.Api;

/// <summary>An elder of the register, personal data masked.</summary>
public sealed record Elder(
    Guid ElderId,
    string IdNumber,
    string Name,
    string Sex,
    int Age,
    string HukouProvince,
    string? HukouCounty,
    string HomeCounty,
    string VillageCode,
    string? Phone,
    string Hardship,
    int? AbilityScore,
    DateOnly? AssessmentDate,
    int? AbilityLevel,
    bool Dementia,
    IReadOnlyList<string> SpecialSituations,
    string? SocialSecurityCardNumber,
    Classification Classification,
    long Version
);
