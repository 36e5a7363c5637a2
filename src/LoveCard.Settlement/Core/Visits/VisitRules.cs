using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.Purchases;

namespace LoveCard.Settlement.Core.Visits;

/// <summary>
/// When a home visit proves a home service (DOMAIN.md §8 "Home visits", ADR 0026), as pure decisions over what
/// the store read: the codes a visit is refused with and the problems a check-out finds.
/// </summary>
public static class VisitRules
{
    public const string Open = "open";
    public const string Refused = "refused";
    public const string Completed = "completed";

    /// <summary>
    /// Refused at check-in: the care worker is not one of this provider's, with a certificate valid today.
    /// </summary>
    public const string CareWorkerUnknown = "care_worker_unknown";

    /// <summary>Refused at check-in: the item is not given in the home in the provider's county.</summary>
    public const string ItemNotHomeService = "item_not_home_service";

    public const string OutsideRadius = "outside_radius";
    public const string TooShort = "too_short";
    public const string NoHomeLocation = "no_home_location";
    public const string CareWorkerInactive = "care_worker_inactive";

    /// <summary>The county's radius around the home, in metres (a county threshold of <c>no_visit_proof</c>).</summary>
    public const long DefaultRadiusM = 300;

    /// <summary>The mean Earth radius DOMAIN.md §8 names for the haversine distance.</summary>
    private const double EarthRadiusM = 6_371_008.8;

    /// <summary>
    /// The protocol's steps 1 and 2 (the credential, the elder and card): a visit is refused for them too.
    /// </summary>
    public static readonly IReadOnlySet<string> ElderDeclines = new HashSet<string>(StringComparer.Ordinal)
    {
        DeclineCodes.CardUnknown,
        DeclineCodes.CardReplaced,
        DeclineCodes.CardRevoked,
        DeclineCodes.QrInvalid,
        DeclineCodes.QrExpired,
        DeclineCodes.QrReplayed,
        DeclineCodes.FaceUnknown,
        DeclineCodes.NotEligible,
        DeclineCodes.CardPendingConsent,
        DeclineCodes.CardSuspended,
    };

    /// <summary>Great-circle distance in whole metres (haversine, Earth radius 6,371,008.8 m).</summary>
    public static int DistanceM(GeoPoint a, GeoPoint b)
    {
        static double Rad(double deg) => deg * Math.PI / 180;
        var h =
            Math.Pow(Math.Sin(Rad(b.Lat - a.Lat) / 2), 2)
            + Math.Cos(Rad(a.Lat)) * Math.Cos(Rad(b.Lat)) * Math.Pow(Math.Sin(Rad(b.Lon - a.Lon) / 2), 2);
        return (int)Math.Round(2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(h))));
    }

    /// <summary>Whole minutes from check-in to check-out (the terminal's times).</summary>
    public static int DurationMinutes(DateTimeOffset checkedIn, DateTimeOffset checkedOut) =>
        (int)Math.Floor((checkedOut - checkedIn).TotalMinutes);

    /// <summary>What makes a checked-out visit invalid, in a fixed order; empty when it proves the service.</summary>
    public static IReadOnlyList<string> Problems(
        int? checkInDistanceM,
        int? checkOutDistanceM,
        long radiusM,
        int durationMinutes,
        int minimumMinutes,
        bool careWorkerActive
    )
    {
        var problems = new List<string>();
        if (checkInDistanceM is null || checkOutDistanceM is null)
        {
            problems.Add(NoHomeLocation);
        }
        else if (checkInDistanceM > radiusM || checkOutDistanceM > radiusM)
        {
            problems.Add(OutsideRadius);
        }

        if (durationMinutes < minimumMinutes)
        {
            problems.Add(TooShort);
        }

        if (!careWorkerActive)
        {
            problems.Add(CareWorkerInactive);
        }

        return problems;
    }
}
