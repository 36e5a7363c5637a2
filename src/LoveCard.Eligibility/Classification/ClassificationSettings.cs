namespace LoveCard.Eligibility.Classification;

/// <summary>The county policy settings the rules read (DOMAIN.md §2, bracketed).</summary>
public sealed record ClassificationSettings(
    int AdvancedAge,
    int MinDisabilityLevel,
    int AssessmentValidMonths,
    bool AllowNonLocalResidents
);
