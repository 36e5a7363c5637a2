using System.Diagnostics.Metrics;
using LoveCard.Settlement.Core.Funds;

namespace LoveCard.Settlement.Core;

/// <summary>
/// Settlement's business figures on its meter <c>LoveCard.Settlement</c> (ADR 0028), exported over
/// OTLP when a collector is named and shown on <c>/metrics</c> as <c>lovecard_purchases_total</c> and
/// <c>lovecard_fund_days_of_cover</c>. A purchase only adds to a counter: nothing is exported on its way.
/// </summary>
public sealed class SettlementMetrics
{
    public const string MeterName = "LoveCard.Settlement";

    private readonly Counter<long> _purchases;

    public SettlementMetrics(IMeterFactory meters, FundCover cover)
    {
        var meter = meters.Create(MeterName);
        _purchases = meter.CreateCounter<long>(
            "lovecard.purchases",
            unit: "{purchase}",
            description: "Terminal purchases answered, by outcome (approved, declined) and decline code "
                + "(none when approved)."
        );
        meter.CreateObservableGauge(
            "lovecard.fund.days_of_cover",
            cover.Observe,
            unit: "d",
            description: "Days a county's fund of one source lasts at its average daily spending of the last 7 days "
                + "(funds that spent nothing in those days are left out)."
        );
    }

    /// <summary>Counts a purchase whose answer reached the terminal (so after its transaction committed).</summary>
    public void PurchaseAnswered(string outcome, string? declineCode) =>
        _purchases.Add(
            1,
            new KeyValuePair<string, object?>("outcome", outcome),
            new KeyValuePair<string, object?>("decline_code", declineCode ?? "none")
        );
}
