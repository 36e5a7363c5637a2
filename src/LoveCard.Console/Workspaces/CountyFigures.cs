using LoveCard.Console.Api;

namespace LoveCard.Console.Workspaces;

/// <summary>
/// One county's key figures for the province's side-by-side view, read through the services'
/// own APIs with the province user's token: active cards, this month's purchases and subsidy (its
/// providers' statements), whitelisted providers, certified care workers per 10,000 elders, open
/// anomalies and the funds' total balance.
/// </summary>
public sealed record CountyFigures(
    string County,
    long ActiveCards,
    int MonthLines,
    long MonthSubsidyFen,
    long Whitelisted,
    decimal? CareWorkersPer10000,
    long OpenAnomalies,
    long FundsFen
)
{
    /// <summary>
    /// A county in the one-card programme has at least one active card and one whitelisted provider (DOMAIN.md §8).
    /// </summary>
    public bool Running => ActiveCards > 0 && Whitelisted > 0;

    public static async Task<CountyFigures> ReadAsync(
        string county,
        string period,
        CardsClient cards,
        StatementsClient statements,
        WhitelistClient whitelist,
        SupervisionClient supervision,
        FundsClient funds,
        CancellationToken ct
    )
    {
        var active = cards.ListAsync(county, "active", null, null, 1, 1, ct);
        var month = statements.CountySummaryAsync(county, period, null, ct);
        var providers = whitelist.ProvidersAsync(county, "whitelisted", null, null, 1, 1, ct);
        var ratio = whitelist.CareWorkerRatioAsync(county, ct);
        var anomalies = supervision.AnomaliesAsync(county, null, "open", 1, 1, ct);
        var balances = funds.BalancesAsync(county, ct);
        await Task.WhenAll(active, month, providers, ratio, anomalies, balances);
        return new CountyFigures(
            county,
            active.Result.Total,
            month.Result.Totals.Lines,
            month.Result.Totals.SubsidyFen,
            providers.Result.Total,
            ratio.Result.PerTenThousandElders,
            anomalies.Result.Total,
            balances.Result.Funds.Sum(f => f.BalanceFen)
        );
    }
}
