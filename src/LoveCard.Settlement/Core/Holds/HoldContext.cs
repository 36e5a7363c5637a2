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
    long TravelMinKm);
