using System.Globalization;
using System.Text.Json;
using Dapper;
using LoveCard.Demo;
using LoveCard.Hosting.ReadModels;
using LoveCard.Ops;
using LoveCard.Terminal;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Convergence.Tests;

/// <summary>
/// Issue 21's rebuild: settlement's and the cards service's read models are wiped while the four
/// services run; <c>lovecard-ops rebuild settlement</c> and <c>rebuild cards</c> refill them from their
/// sources, and inquiries, purchases and statements answer exactly as before. The versions the read
/// models had applied are kept on purpose: the rebuild must re-apply states at the version already
/// recorded, the harder case (a wiped table beside an intact version journal).
/// </summary>
[TestFixture]
[NonParallelizable]
[Order(2)]
public sealed partial class Rebuilding_read_models
{
    private const string Item = "meal";

    private static ConvergenceSystem World => ConvergenceWorld.System;

    private static Seeder Seeder => ConvergenceWorld.Seeder;

    [OneTimeSetUp]
    public Task Start_the_system_and_seed_the_demo_county() => ConvergenceWorld.StartAsync();

    [Test]
    public async Task Wiped_read_models_are_rebuilt_from_their_sources_and_answer_exactly_as_before()
    {
        await Eventually.AssertAsync(
            async () => (await ReadModelInvariants.BrokenAsync()).Count == 0,
            TimeSpan.FromMinutes(2),
            () => "the world is settled before the wipe"
        );
        var credentials = await CredentialsAsync();
        using var meal = World.Terminal(DemoCounty.MealTerminal);
        var before = await SnapshotAsync(meal, credentials);
        // Only the rebuild may restore what is wiped: reconciliation would notice the cards service's
        // missing versions by itself, and settlement's kept versions hide its wiped rows from it.
        var reconciling = PauseReconciliation();

        await WipeAsync();
        var wiped = await meal.InquireAsync(new InquiryRequest(Credential.Card(DemoCounty.Category1Card), Item));
        Assert.That(wiped.DeclineCode, Is.EqualTo("card_unknown"), "the wipe took settlement's cards away");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var output = new StringWriter();
        Environment.SetEnvironmentVariable("Bus__VirtualHost", TestInfrastructure.VirtualHost);
        foreach (var service in new[] { "settlement", "cards" })
        {
            var exit = await OpsCommands.RunAsync(["rebuild", service, "--timeout-minutes", "10"], output, output);
            Assert.That(exit, Is.Zero, output.ToString());
        }
        var took = watch.Elapsed;
        await TestContext.Progress.WriteLineAsync(output.ToString());

        var after = await SnapshotAsync(meal, credentials);
        Assert.Multiple(() =>
        {
            foreach (var (what, answer) in before)
            {
                Assert.That(after[what], Is.EqualTo(answer), what);
            }
        });
        Assert.That(await ReadModelInvariants.BrokenAsync(), Is.Empty, "every read model equals its source again");

        // A purchase answers as the inquiry before the wipe said it would.
        foreach (var card in new[] { DemoCounty.Category1Card, DemoCounty.Category2Card, DemoCounty.Category3Card })
        {
            var inquiry = JsonSerializer.Deserialize<InquiryAnswer>(before[$"inquiry {card}"], ProtocolJson.Options)!;
            var bought = await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(card), Item));
            Assert.Multiple(() =>
            {
                Assert.That(bought.Status, Is.EqualTo(inquiry.Status), card);
                Assert.That(bought.Split, Is.EqualTo(inquiry.Split), card);
                Assert.That(bought.PriceFen, Is.EqualTo(inquiry.PriceFen), card);
                Assert.That(bought.Elder, Is.EqualTo(inquiry.Elder), card);
            });
        }

        Assert.That(await World.FailedMessagesAsync(), Is.Empty);
        reconciling.Dispose();
        var line =
            $"| rebuild | settlement and cards read models wiped ({credentials.Count} credentials, "
            + $"{before.Count} answers compared) | rebuilt by lovecard-ops in {took.TotalSeconds:0} s | "
            + "every answer as before |";
        await TestContext.Progress.WriteLineAsync(line);
        await File.AppendAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "convergence-results.md"), [line]);
    }

    /// <summary>Every demo credential (the replaced and unknown numbers and the face too) and twenty cards of the
    /// imported roster.</summary>
    private static async Task<IReadOnlyList<Credential>> CredentialsAsync()
    {
        var list = Seeder
            .Cards.Keys.Concat(Seeder.Cards.Values.Select(c => c.CardNumber))
            .Append("D09030011")
            .Distinct(StringComparer.Ordinal)
            .Select(Credential.Card)
            .ToList();
        list.Add(Credential.Face(DemoCounty.DemoFaceId));
        await using var connection = await Database.OpenAsync();
        const string sql = """
            SELECT card_number FROM cards.cards
            WHERE home_county = @county AND NOT elder_id = ANY(@demo) ORDER BY card_number LIMIT 20
            """;
        var demo = Seeder.Cards.Values.Select(c => c.ElderId).ToArray();
        var imported = await connection.QueryAsync<string>(sql, new { county = DemoCounty.Home, demo });
        list.AddRange(imported.Select(Credential.Card));
        return list;
    }

    /// <summary>What the services answer: inquiries, the month's statements, the public statistics and the
    /// cards.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(
        TerminalClient terminal,
        IReadOnlyList<Credential> credentials
    )
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var credential in credentials)
        {
            answers[$"inquiry {credential.Value}"] = JsonSerializer.Serialize(
                await terminal.InquireAsync(new InquiryRequest(credential, Item)),
                ProtocolJson.Options
            );
        }

        var period = DateTimeOffset
            .UtcNow.ToOffset(TimeSpan.FromHours(8))
            .ToString("yyyy-MM", CultureInfo.InvariantCulture);
        using var settlement = World.Bureau(World.Settlement);
        using var cards = World.Bureau(World.Cards);
        using var anonymous = World.Settlement.CreateClient();
        var reads = Seeder
            .ProviderIds.Values.Select(id =>
                (settlement, $"/api/statements/providers/{id}?period={period}&pageSize=200")
            )
            .Concat(
                HomeCards().Take(6).Select(c => (settlement, $"/api/statements/elders/{c.ElderId}?period={period}"))
            )
            .Append((settlement, $"/api/statements/counties/{DemoCounty.Home}?period={period}"))
            .Append((anonymous, $"/api/public/counties/{DemoCounty.Home}/stats"))
            .Concat(HomeCards().Select(c => (cards, $"/api/cards/{c.CardId}")));
        foreach (var (client, path) in reads)
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.IsSuccessStatusCode, Is.True, $"{path}: {(int)response.StatusCode} {body}");
            // When an answer was made is the one thing that may differ.
            answers[path] = GeneratedAt().Replace(body, "\"generatedAt\":\"\"");
        }

        return answers;
    }

    /// <summary>The demo county's own cards (a bureau sees only its county's).</summary>
    private static IEnumerable<DemoCard> HomeCards() =>
        Seeder.Cards.Where(c => c.Key.StartsWith("D0903", StringComparison.Ordinal)).Select(c => c.Value);

    /// <summary>
    /// Settlement: every table fed by another service's events. Cards: the classifications it applied
    /// (its version stream of elders) and the masked name it keeps of each elder.
    /// </summary>
    private static async Task WipeAsync()
    {
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync(
            """
            TRUNCATE settlement.rm_cards, settlement.rm_card_replaced_numbers, settlement.rm_qr_keys,
                settlement.rm_elders, settlement.rm_subsidy_policies, settlement.rm_county_settings,
                settlement.rm_providers, settlement.rm_provider_items, settlement.rm_price_standards,
                settlement.public_elders, settlement.public_providers, settlement.public_care_workers;
            DELETE FROM cards.aggregate_versions WHERE stream = 'elder';
            UPDATE cards.cards SET masked_name = '' WHERE status <> 'revoked';
            """
        );
    }

    private static IDisposable PauseReconciliation()
    {
        var options = World.All.Select(h => h.Services.GetRequiredService<ReadModelSyncOptions>()).ToArray();
        var every = options.Select(o => o.ReconcileEverySeconds).ToArray();
        foreach (var o in options)
        {
            o.ReconcileEverySeconds = 0;
        }

        return new Restore(() =>
        {
            for (var i = 0; i < options.Length; i++)
            {
                options[i].ReconcileEverySeconds = every[i];
            }
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"generatedAt\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex GeneratedAt();

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
