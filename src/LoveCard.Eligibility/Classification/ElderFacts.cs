namespace LoveCard.Eligibility.Classification;

/// <summary>The inputs of DOMAIN.md §2 that decide an elder's category.</summary>
public sealed record ElderFacts(
    DateOnly BirthDate,
    string HukouProvince,
    string Hardship,
    int? AbilityScore,
    DateOnly? AssessmentDate,
    bool Dementia,
    IReadOnlyList<string> SpecialSituations
);
