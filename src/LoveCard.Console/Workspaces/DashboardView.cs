using LoveCard.Console.Api;
using LoveCard.Console.Auth;
using LoveCard.Console.Formatting;

namespace LoveCard.Console.Workspaces;

/// <summary>
/// The bureau's dashboard, composed from the services' reads: today's and this month's statement
/// totals, fund balances with the last seven days' spending, and the counts of work waiting.
/// A figure the person's role may not read is left out (0), not an error.
/// </summary>
public sealed record DashboardView(
    int TodayLines,
    long TodayAmountFen,
    long TodaySubsidyFen,
    int MonthLines,
    long MonthSubsidyFen,
    long Approvals,
    long OpenAnomalies,
    long RunningImports,
    long PendingConsent,
    IReadOnlyList<FundBalance> Funds,
    IReadOnlyDictionary<string, long> WeekSpending,
    int AlertDays
)
{
    public static async Task<DashboardView> LoadAsync(
        string county,
        Person me,
        TimeProvider time,
        StatementsClient statements,
        FundsClient funds,
        EligibilityClient eligibility,
        SupervisionClient supervision,
        CardsClient cards
    )
    {
        var today = ShanghaiTime.Today(time);
        var period = today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var todayTask = statements.CountySummaryAsync(county, null, ShanghaiTime.Date(today));
        var monthTask = statements.CountySummaryAsync(county, period);
        var fundsTask = Optional(() => funds.BalancesAsync(county), new FundBalances(county, []));
        var weekTask = Task.WhenAll(
            Enumerable
                .Range(0, 7)
                .Select(d => statements.CountySummaryAsync(county, null, ShanghaiTime.Date(today.AddDays(-d))))
        );
        var policiesTask = Optional(() => eligibility.PoliciesAsync(county, 1, 50), new Paged<Policy>([], 0));
        var topUpsTask = Optional(() => funds.TopUpsAsync(county, "proposed", 1, 1), new Paged<TopUp>([], 0));
        var anomaliesTask = Optional(
            () => supervision.AnomaliesAsync(county, null, "open", 1, 1),
            new Paged<Anomaly>([], 0)
        );
        var importsTask = me.MayDecide
            ? Optional(() => eligibility.ImportsAsync(county, 1, 50), new Paged<ImportProgress>([], 0))
            : Task.FromResult(new Paged<ImportProgress>([], 0));
        var consentTask = Optional(
            () => cards.ListAsync(county, "pending_consent", null, null, 1, 1),
            new Paged<CardRecord>([], 0)
        );
        var settingsTask = Optional<CountySettingsView?>(async () => await eligibility.SettingsAsync(county), null);
        await Task.WhenAll(
            todayTask,
            monthTask,
            fundsTask,
            weekTask,
            policiesTask,
            topUpsTask,
            anomaliesTask,
            importsTask,
            consentTask,
            settingsTask
        );

        var week = weekTask.Result;
        var spending = new Dictionary<string, long>
        {
            ["fiscal"] = week.Sum(s => s.Totals.FiscalFen),
            ["collective"] = week.Sum(s => s.Totals.CollectiveFen),
            ["charity"] = week.Sum(s => s.Totals.CharityFen),
        };
        var waiting = policiesTask.Result.Items.Count(p => p.Status == "proposed") + topUpsTask.Result.Total;
        return new DashboardView(
            todayTask.Result.Totals.Lines,
            todayTask.Result.Totals.AmountFen,
            todayTask.Result.Totals.SubsidyFen,
            monthTask.Result.Totals.Lines,
            monthTask.Result.Totals.SubsidyFen,
            waiting,
            anomaliesTask.Result.Total,
            importsTask.Result.Items.Count(i => i.Status is "queued" or "running" or "uploading"),
            consentTask.Result.Total,
            fundsTask.Result.Funds,
            spending,
            settingsTask.Result?.Settings.LowFundAlertDays ?? 7
        );
    }

    /// <summary>A read the role may not make (403) counts as nothing rather than failing the whole dashboard.</summary>
    private static async Task<T> Optional<T>(Func<Task<T>> read, T fallback)
    {
        try
        {
            return await read();
        }
        catch (ApiProblemException e) when (e.Problem.Status is 403 or 404)
        {
            return fallback;
        }
    }
}
