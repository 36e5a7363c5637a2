namespace LoveCard.Eligibility.Classification;

/// <summary>
/// Ability level from the GB/T 42195-2022 assessment score (0–90 points), DOMAIN.md §2:
/// 90 intact (0), 66–89 mild (1), 46–65 moderate (2), 30–45 severe (3), 0–29 complete loss (4).
/// </summary>
public static class AbilityLevels
{
    public const int MinScore = 0;
    public const int MaxScore = 90;

    public static int FromScore(int score) =>
        score switch
        {
            < MinScore or > MaxScore => throw new ArgumentOutOfRangeException(
                nameof(score),
                score,
                "An ability score is 0–90."
            ),
            90 => 0,
            >= 66 => 1,
            >= 46 => 2,
            >= 30 => 3,
            _ => 4,
        };

    /// <summary>
    /// An assessment older than <paramref name="validMonths"/> no longer counts: it is valid up to the
    /// day before the same day <paramref name="validMonths"/> months later.
    /// </summary>
    public static DateOnly ExpiresOn(DateOnly assessedOn, int validMonths) => assessedOn.AddMonths(validMonths);

    public static bool IsValid(DateOnly assessedOn, int validMonths, DateOnly on) =>
        on < ExpiresOn(assessedOn, validMonths);
}
