namespace LoveCard.Settlement.Core.Holds;

/// <summary>
/// What the terminal hold rules need about one purchase being authorised, loaded in the purchase's
/// own transaction by <see cref="HoldContextQuery"/>, with the county's thresholds resolved.
/// </summary>
public sealed record HoldContext(
    string Item,
    int Quantity,
    Guid ProviderId,
    DateTimeOffset Now,
    GeoPoint? Location,
    long MealsTodayBefore,
    long MealsPerDayLimit,
    PreviousPurchase? Previous,
    long TravelKmhLimit,
    long TravelMinKm
)
{
    /// <summary>
    /// What failed in a home-service purchase's visit (ADR 0026); empty when proven or not a home service.
    /// </summary>
    public IReadOnlyList<string> VisitProblems { get; init; } = [];

    /// <summary>The county's <c>no_visit_proof_required</c>: above 0, an unproven home service is declined.</summary>
    public long VisitProofRequired { get; init; }
}
