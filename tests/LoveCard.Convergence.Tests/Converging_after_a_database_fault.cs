using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Demo;
using LoveCard.Terminal;

namespace LoveCard.Convergence.Tests;

/// <summary>
/// Issue 21's fault: while a roster of 300 elders is imported and purchases run, the database refuses
/// new connections for 90 s and then stalls them for 90 s (three minutes, through a gate in front of
/// these services only). Afterwards, with no operator action, every read model equals its source,
/// no message sits in an error queue, and every card consented meanwhile buys.
/// </summary>
[TestFixture]
[NonParallelizable]
[Order(1)]
public sealed class Converging_after_a_database_fault
{
    private const int Elders = 300;
    private static readonly TimeSpan RefuseFor = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StallFor = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ConvergeWithin = TimeSpan.FromMinutes(6);

    private static ConvergenceSystem World => ConvergenceWorld.System;

    private static Seeder Seeder => ConvergenceWorld.Seeder;

    [OneTimeSetUp]
    public Task Start_the_system_and_seed_the_demo_county() => ConvergenceWorld.StartAsync();

    [Test]
    public async Task Read_models_converge_after_three_minutes_of_refused_and_stalled_connections()
    {
        using var eligibility = World.Bureau(World.Eligibility);
        using var cards = World.Bureau(World.Cards);
        var demoCards = Seeder.Cards.Values.ToList();
        var load = new SteadyPurchases(
            World.Terminal(DemoCounty.CleaningTerminal),
            "cleaning",
            demoCards.Where(c => c.Status == "active").Select(c => c.CardNumber).ToArray()
        );
        await using var loadScope = load;
        var demoNumbers = new HashSet<string>(demoCards.Select(c => c.CardNumber), StringComparer.Ordinal);
        var clerk = new Clerk(cards, DemoCounty.Home, demoNumbers);
        await using var clerkScope = clerk;

        using var upload = new ByteArrayContent(Roster.Csv(Elders));
        upload.Headers.ContentType = new("text/csv");
        using var accepted = await eligibility.PostAsync($"/api/elders/imports?county={DemoCounty.Home}", upload);
        var acceptedBody = await accepted.Content.ReadAsStringAsync();
        Assert.That(accepted.IsSuccessStatusCode, Is.True, acceptedBody);
        var importId = JsonNode.Parse(acceptedBody)!["importId"]!.GetValue<Guid>();
        load.Start();
        clerk.Start();
        await Task.Delay(TimeSpan.FromSeconds(2));

        var watch = Stopwatch.StartNew();
        World.Gate.Refuse();
        await Task.Delay(RefuseFor);
        World.Gate.Stall();
        await Task.Delay(StallFor);
        World.Gate.Open();
        var faultEnded = watch.Elapsed;
        var duringFault = await StateAsync(importId);
        await TestContext.Progress.WriteLineAsync(
            $"fault over after {faultEnded.TotalSeconds:0} s: {World.Gate.Refused} connections refused, "
                + $"{World.Gate.Stalled} stalled; {load.Tried} purchases tried, {load.FailedSends} sends failed; "
                + $"clerk: {clerk.Consented} consents, {clerk.FailedAttempts} failed tries; {duringFault}"
        );

        // No operator action from here on: only the clerk and the terminal go on with their work.
        IReadOnlyDictionary<string, long> broken = new Dictionary<string, long>();
        var state = "";
        await Eventually.AssertAsync(
            async () =>
            {
                state = await StateAsync(importId);
                broken = await ReadModelInvariants.BrokenAsync();
                return broken.Count == 0
                    && await NewCardsAsync("active") == Elders
                    && state.StartsWith("import succeeded", StringComparison.Ordinal);
            },
            ConvergeWithin,
            () => $"{state}; {ReadModelInvariants.Describe(broken)}; the clerk's last failure: {clerk.LastFailure}"
        );
        var converged = watch.Elapsed - faultEnded;

        var settled = await load.StopAndSettleAsync(TimeSpan.FromMinutes(2));
        await clerk.DisposeAsync();
        var bought = await BuyOnceEachAsync(await NewCardNumbersAsync());
        await Eventually.AssertAsync(
            async () => (await ReadModelInvariants.BrokenAsync()).Count == 0,
            TimeSpan.FromSeconds(60),
            () => "the purchases' own projections catch up"
        );
        var failed = await World.FailedMessagesAsync();
        var repaired = await RepairedAsync();

        var line =
            $"| converge | {Elders} elders imported, {settled.Count} purchases during the fault | "
            + $"refused {RefuseFor.TotalSeconds:0} s + stalled {StallFor.TotalSeconds:0} s | "
            + $"converged {converged.TotalSeconds:0} s after the fault | "
            + $"{bought.Count(b => b.Approved)} of {bought.Count} new cards bought; "
            + $"reconciliation asked again for {repaired} aggregates | error queues: {failed.Count} |";
        await TestContext.Progress.WriteLineAsync(line);
        await File.AppendAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "convergence-results.md"), [line]);
        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.Empty, "no message sits in an error queue: a slow or absent database is not poison");
            Assert.That(
                settled.Where(s => !s.Answer.Approved).Select(s => $"{s.Card}: {s.Answer.DeclineCode}"),
                Is.Empty,
                "every purchase tried during the fault ends approved, once"
            );
            Assert.That(
                bought.Where(b => !b.Approved).Select(b => $"{b.Elder?.MaskedName}: {b.DeclineCode}"),
                Is.Empty,
                "every card consented during and after the fault buys"
            );
            Assert.That(bought, Has.Count.EqualTo(Elders));
        });
        foreach (var host in World.All)
        {
            using var client = host.CreateClient();
            using var ready = await client.GetAsync("/health/ready");
            Assert.That((int)ready.StatusCode, Is.EqualTo(200), $"{host.BaseAddress} recovered without a restart");
        }
    }

    private static async Task<string> StateAsync(Guid importId)
    {
        try
        {
            using var eligibility = World.Bureau(World.Eligibility);
            var import = JsonNode.Parse(await eligibility.GetStringAsync($"/api/elders/imports/{importId}"))!;
            return $"import {import["status"]} ({import["rowsAccepted"]} accepted), "
                + $"new cards: {await NewCardsAsync(null)} provisioned, {await NewCardsAsync("active")} active";
        }
        catch (HttpRequestException e)
        {
            return "services not answering yet: " + e.Message;
        }
    }

    /// <summary>Cards of the imported roster (not the demo's), in <paramref name="status"/> or in any status.</summary>
    private static async Task<long> NewCardsAsync(string? status)
    {
        const string sql = """
            SELECT count(*) FROM cards.cards
            WHERE home_county = @county AND NOT elder_id = ANY(@demo) AND (@status::text IS NULL OR status = @status)
            """;
        await using var connection = await Database.OpenAsync();
        var parameters = new
        {
            county = DemoCounty.Home,
            demo = DemoElders(),
            status,
        };
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    private static async Task<IReadOnlyList<string>> NewCardNumbersAsync()
    {
        const string sql = """
            SELECT card_number FROM cards.cards
            WHERE home_county = @county AND NOT elder_id = ANY(@demo) ORDER BY card_number
            """;
        await using var connection = await Database.OpenAsync();
        var parameters = new { county = DemoCounty.Home, demo = DemoElders() };
        return (await connection.QueryAsync<string>(sql, parameters)).AsList();
    }

    private static Guid[] DemoElders() => Seeder.Cards.Values.Select(c => c.ElderId).ToArray();

    /// <summary>One meal for each card at the demo canteen, four at a time.</summary>
    private static async Task<IReadOnlyList<PurchaseAnswer>> BuyOnceEachAsync(IReadOnlyList<string> cardNumbers)
    {
        using var meal = World.Terminal(DemoCounty.MealTerminal);
        var buyer = new SteadyPurchases(meal, "meal", cardNumbers);
        await using var scope = buyer;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var answers = new System.Collections.Concurrent.ConcurrentBag<PurchaseAnswer>();
        await Parallel.ForEachAsync(cardNumbers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (card, _) =>
            answers.Add(
                await buyer.BuyAsync(buyer.NewRequest(card), TerminalClient.NewIdempotencyKey(), deadline.Token)
                    ?? throw new TimeoutException($"no answer for a purchase with {card}")
            )
        );
        return [.. answers];
    }

    /// <summary>How many aggregates settlement's reconciliation asked for again (its metric).</summary>
    private static async Task<double> RepairedAsync()
    {
        using var client = World.Settlement.CreateClient();
        var metrics = await client.GetStringAsync("/metrics");
        return metrics
            .Split('\n')
            .Where(l => l.StartsWith("lovecard_read_model_repaired_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
