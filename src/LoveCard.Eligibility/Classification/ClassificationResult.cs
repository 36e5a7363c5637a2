namespace LoveCard.Eligibility.Classification;

/// <summary>The outcome: category 1/2/3 or not eligible, with the reasons that fired.</summary>
public sealed record ClassificationResult(
    bool Eligible,
    int? Category,
    bool IsLocal,
    IReadOnlyList<string> Reasons,
    int Age,
    int? AbilityLevel,
    DateOnly? NextReviewOn,
    IReadOnlyList<string> CareSituations
);
