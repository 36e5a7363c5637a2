using LoveCard.Hosting.Errors;

namespace LoveCard.Whitelist.Credit;

/// <summary>The kinds of credit event (信用评价, DOMAIN.md §4).</summary>
public static class CreditEventTypes
{
    public const string Complaint = "complaint";
    public const string FailedInspection = "failed_inspection";
    public const string SettlementAnomaly = "settlement_anomaly";
    public const string Commendation = "commendation";

    /// <summary>Points given back when the bureau dismisses an anomaly (booked by the service, not by hand).</summary>
    public const string AnomalyDismissed = "anomaly_dismissed";

    public static readonly IReadOnlyList<string> All = [Complaint, FailedInspection, SettlementAnomaly, Commendation];

    /// <summary>The signed change of the score: a commendation adds, everything else deducts.</summary>
    public static int SignedPoints(string type, int points) => type == Commendation ? points : -points;
}
