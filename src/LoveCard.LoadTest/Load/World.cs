using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using LoveCard.LoadTest.Common;
using LoveCard.LoadTest.Roster;
using LoveCard.Terminal;

namespace LoveCard.LoadTest.Load;

/// <summary>
/// Seeds a benchmark county through the APIs (as the demo seeder does): county settings with the
/// meals-per-day hold lifted (a benchmark card buys many meals a day), a subsidy policy whose
/// monthly caps do not run out, a roster imported and classified, every card consented, providers
/// whitelisted with a meal item, many terminals registered and activated (each its own id and
/// key), and fund top-ups far above what a run draws.
/// </summary>
public static class World
{
    /// <summary>Large enough that no run uses up a cap (10 million yuan a month per source).</summary>
    public const long HugeCapFen = 1_000_000_000;
    public const long TopUpFen = 100_000_000_000;
    public const long MealPriceFen = 1500;

    public static async Task<int> SeedAsync(Args args)
    {
        var county = args.Get("county", "330921");
        var elders = args.Int("elders", 2000);
        var terminals = args.Int("terminals", 100);
        var providers = Math.Max(1, args.Int("providers", 4));
        var villages = args.Int("villages", 10);
        var outPath = args.Require("out");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var maker = Api.Client("eligibility", "bureau", county, subject: $"bench-maker-{county}");
        var checker = Api.Client("eligibility", "bureau", county, subject: $"bench-checker-{county}");
        var whitelist = Api.Client("whitelist", "bureau", county, subject: $"bench-maker-{county}");
        var cards = Api.Client("cards", "bureau", county, subject: $"bench-maker-{county}");
        var settlement = Api.Client("settlement", "bureau", county, subject: $"bench-maker-{county}");
        var settlementChecker = Api.Client("settlement", "bureau", county, subject: $"bench-checker-{county}");
        void Say(string s) => Console.Error.WriteLine($"[world] {s}");

        // 1. County settings: lift the meals-per-day hold (DOMAIN.md §6) for the benchmark county.
        var view = await Api.GetAsync(maker, $"/api/counties/{county}/settings");
        var s = view.GetProperty("settings");
        // Also the supervision rules a benchmark trips by design: every card buys again and again at
        // the same few counters. In a 60 s run (2026-11-28) `split_purchases` flagged every card,
        // whitelist's credit evaluation then suspended all four providers, and 44 % of the
        // purchases were declined `provider_suspended`.
        var thresholds = new Dictionary<string, long>
        {
            ["meals_per_day"] = 1_000_000,
            ["split_purchases_count"] = 1_000_000,
            ["card_burst_cards"] = 1_000_000,
            ["volume_jump_min_purchases"] = 1_000_000,
            ["price_at_ceiling_min_purchases"] = 1_000_000,
        };
        await Api.PutAsync(
            maker,
            $"/api/counties/{county}/settings",
            new
            {
                advancedAge = s.GetProperty("advancedAge").GetInt32(),
                minDisabilityLevel = s.GetProperty("minDisabilityLevel").GetInt32(),
                assessmentValidMonths = s.GetProperty("assessmentValidMonths").GetInt32(),
                allowNonLocalResidents = s.GetProperty("allowNonLocalResidents").GetBoolean(),
                oneCardNetwork = s.GetProperty("oneCardNetwork").GetBoolean(),
                suspendBelow = s.GetProperty("suspendBelow").GetInt32(),
                lowFundAlertDays = s.GetProperty("lowFundAlertDays").GetInt32(),
                mountainOrIsland = s.GetProperty("mountainOrIsland").GetBoolean(),
                anomalyThresholds = thresholds,
                reason = "benchmark: many meals per card per day, at the same few counters",
            }
        );
        Say($"county {county}: meals_per_day hold and the repeat-purchase anomaly rules lifted");

        // 2. Price standard (meal ceiling) and 3. a policy with caps that never run out.
        await Api.PutAsync(
            whitelist,
            $"/api/counties/{county}/price-standards",
            new
            {
                reason = "benchmark ceilings",
                items = new[]
                {
                    new
                    {
                        itemCode = "meal",
                        unit = "餐",
                        ceilingFen = 2000L,
                    },
                },
            }
        );
        var proposed = await Api.PostAsync(
            maker,
            $"/api/counties/{county}/policies",
            new
            {
                effectiveFrom = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                reason = "benchmark: caps that do not run out",
                categories = new object[]
                {
                    new
                    {
                        category = 1,
                        defaultShares = Shares(80, 15, 5),
                        itemShares = Array.Empty<object>(),
                        monthlyCapFiscalFen = HugeCapFen,
                        monthlyCapCollectiveFen = HugeCapFen,
                        monthlyCapCharityFen = HugeCapFen,
                    },
                    new
                    {
                        category = 2,
                        defaultShares = Shares(40, 20, 0),
                        itemShares = Array.Empty<object>(),
                        monthlyCapFiscalFen = HugeCapFen,
                        monthlyCapCollectiveFen = HugeCapFen,
                        monthlyCapCharityFen = 0L,
                    },
                    new
                    {
                        category = 3,
                        defaultShares = Shares(0, 0, 0),
                        itemShares = Array.Empty<object>(),
                        monthlyCapFiscalFen = 0L,
                        monthlyCapCollectiveFen = 0L,
                        monthlyCapCharityFen = 0L,
                    },
                },
            }
        );
        var policyVersion = proposed.GetProperty("version").GetInt32();
        await Api.PostAsync(checker, $"/api/counties/{county}/policies/{policyVersion}/approve", new { });
        Say(
            $"policy version {policyVersion} published (cat 1: 80/15/5, cat 2: 40/20/0 + family, cat 3: family pays "
                + $"all; caps {HugeCapFen / 100} yuan)"
        );

        // 4. Roster through the import API, then every card consented.
        var csv = Path.Combine(Path.GetTempPath(), $"lovecard-world-{county}.csv");
        await RosterGenerator.WriteAsync(csv, elders, county, today, villages);
        using (var content = new StreamContent(File.OpenRead(csv)))
        {
            content.Headers.ContentType = new("text/csv");
            using var response = await maker.PostAsync($"/api/elders/imports?county={county}", content);
            var text = await response.Content.ReadAsStringAsync();
            response.EnsureSuccessStatusCode();
            var importId = JsonDocument.Parse(text).RootElement.GetProperty("importId").GetGuid();
            JsonElement progress;
            while (
                (progress = await Api.GetAsync(maker, $"/api/elders/imports/{importId}"))
                    .GetProperty("status")
                    .GetString()
                    is not ("succeeded" or "failed")
            )
            {
                await Task.Delay(300);
            }

            Say(
                $"roster imported: {progress.GetProperty("status").GetString()}, "
                    + $"{progress.GetProperty("rowsAccepted")} accepted, {progress.GetProperty("rowsRejected")} "
                    + $"rejected"
            );
            if (progress.GetProperty("status").GetString() != "succeeded")
            {
                throw new InvalidOperationException(
                    $"the roster import {importId} ended {progress.GetProperty("status").GetString()}: {progress}"
                );
            }
        }

        File.Delete(csv);
        await EventsBenchWait(
            async () =>
            {
                var first = await Api.GetAsync(cards, $"/api/cards?county={county}&page=1&pageSize=1");
                return first.GetProperty("total").GetInt64() >= elders;
            },
            "every card provisioned"
        );
        var pending = (await WorldReadiness.CardsAsync(cards, county))
            .Where(c => c.Status == "pending_consent")
            .Select(c => c.Card.CardId)
            .ToList();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (cardId, ct) =>
            await Api.PostAsync(
                cards,
                $"/api/cards/{cardId}/consent",
                new { givenBy = "elder", channel = "online" },
                ct
            )
        );
        // The world is the cards as the cards service has them after consent: every one active.
        var now = await WorldReadiness.CardsAsync(cards, county);
        var worldCards = now.Where(c => c.Status == "active").Select(c => c.Card).ToList();
        Say($"{now.Count} cards; consent recorded for {pending.Count}; {worldCards.Count} active");
        if (worldCards.Count != now.Count)
        {
            throw new InvalidOperationException(
                $"{now.Count - worldCards.Count} cards are not active after consent: "
                    + string.Join(
                        ", ",
                        now.Where(c => c.Status != "active").GroupBy(c => c.Status).Select(g => $"{g.Count()} {g.Key}")
                    )
            );
        }

        // 5. Providers with a meal item; terminals spread over them, each activated with its own key.
        var providerIds = new List<Guid>();
        for (var p = 0; p < providers; p++)
        {
            var organisation = 20_000_000 + p;
            var created = await Api.PostAsync(
                whitelist,
                "/api/providers",
                new
                {
                    unifiedCode = UnifiedCode(county, organisation),
                    name = $"bench canteen {p + 1}",
                    providerType = "meal_firm",
                    county,
                    address = $"{county} bench street {p + 1}",
                    contactName = "王经理",
                    contactPhone = "0570-8000000",
                    admissionRoute = "government_purchase",
                    contractStart = today.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    contractEnd = today.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }
            );
            var id = created.GetProperty("id").GetGuid();
            await Api.PostAsync(whitelist, $"/api/providers/{id}/whitelist", new { reason = "benchmark" });
            await Api.PutAsync(
                whitelist,
                $"/api/providers/{id}/items",
                new
                {
                    reason = "benchmark items",
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            unitPriceFen = MealPriceFen,
                            discountPercent = 0,
                        },
                    },
                }
            );
            providerIds.Add(id);
        }

        var settlementUrl = new Uri(Api.Url("settlement"));
        var runTag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var activated = new ConcurrentBag<WorldTerminal>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, terminals),
            new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (t, ct) =>
            {
                var provider = providerIds[t % providerIds.Count];
                var terminalId = $"B{county}{runTag}{t:0000}";
                var registered = await Api.PostAsync(
                    whitelist,
                    $"/api/providers/{provider}/terminals",
                    new
                    {
                        terminalId,
                        model = "bench-pos",
                        opensAt = "00:00",
                        closesAt = "23:59",
                    },
                    ct
                );
                var code = registered.GetProperty("activationCode").GetString()!;
                // Activation is sent once (a code is used up by its first success, so a resend could not
                // tell a lost answer from a refusal): wait long for it on a shared, overloaded machine
                // (load average 56 seen, where the default 10 s ran out).
                using var client = TerminalClient.Create(
                    new TerminalClientOptions { ServerUrl = settlementUrl, AttemptTimeout = TimeSpan.FromSeconds(90) }
                );
                TerminalCredentials? credentials = null;
                await EventsBenchWait(
                    async () =>
                    {
                        try
                        {
                            credentials = await client.ActivateAsync(terminalId, code, ct);
                            return true;
                        }
                        catch (TerminalProblemException e)
                            when (e.Problem?.Code is "activation_code_invalid" or "terminal_unknown"
                                || e.Status == System.Net.HttpStatusCode.ServiceUnavailable
                            )
                        {
                            // Not yet known to settlement (whitelist's event is on its way), or a busy database: try
                            // again.
                            return false;
                        }
                    },
                    $"activate {terminalId}"
                );
                activated.Add(new WorldTerminal(terminalId, credentials!.Key, provider));
            }
        );
        Say($"{activated.Count} terminals registered and activated over {providerIds.Count} providers");

        // 6. Funds: top-ups far above a run's draw, each proposed by one bureau user and approved by another.
        var topUps = new List<(string Source, string? Village)> { ("fiscal", null), ("charity", null) };
        topUps.AddRange(
            Enumerable.Range(0, villages).Select(v => ("collective", (string?)RosterGenerator.Village(county, v)))
        );
        foreach (var (source, village) in topUps)
        {
            var proposal = await Api.PostAsync(
                settlement,
                $"/api/funds/{county}/{source}/top-ups",
                new
                {
                    amountFen = TopUpFen,
                    village,
                    note = "benchmark budget",
                },
                idempotencyKey: $"bench-topup-{source}-{village ?? "county"}-{runTag}"
            );
            if (proposal.GetProperty("status").GetString() != "approved")
            {
                await Api.PostAsync(
                    settlementChecker,
                    $"/api/funds/{county}/top-ups/{proposal.GetProperty("topUpId")}/approve",
                    new { }
                );
            }
        }

        Say($"{topUps.Count} fund top-ups of {TopUpFen / 100} yuan approved");

        // 7. A ready world: settlement knows every card as the cards service has it (no decline in the load).
        await WorldReadiness.WaitAsync(settlementUrl, activated.First(), worldCards, Say);

        var world = new WorldFile(
            county,
            settlementUrl.ToString(),
            [.. activated.OrderBy(t => t.TerminalId)],
            worldCards
        );
        await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(world, Api.Json));
        var mix = worldCards.GroupBy(c => c.Category).OrderBy(g => g.Key).Select(g => $"cat {g.Key}: {g.Count()}");
        Say($"world written to {outPath}: category mix {string.Join(", ", mix)}");
        return 0;
    }

    public static WorldFile Load(string path) =>
        JsonSerializer.Deserialize<WorldFile>(File.ReadAllText(path), Api.Json)!;

    private static object Shares(int fiscal, int collective, int charity) =>
        new
        {
            fiscalPercent = fiscal,
            collectivePercent = collective,
            charityPercent = charity,
        };

    private static Task EventsBenchWait(Func<Task<bool>> condition, string what) =>
        Messaging.EventsBench.WaitForAsync(condition, TimeSpan.FromMinutes(10), what, 300);

    /// <summary>A valid unified social credit code (GB 32100-2015), as the demo seeder makes them.</summary>
    public static string UnifiedCode(string county, int organisationNumber)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var body = organisationNumber.ToString("00000000", CultureInfo.InvariantCulture);
        var organisationCheck = (11 - body.Select((c, i) => (c - '0') * weights[i]).Sum() % 11) switch
        {
            10 => 'X',
            11 => '0',
            var n => (char)('0' + n),
        };
        var first17 = "51" + county + body + organisationCheck;
        var sum = 0;
        var weight = 1;
        foreach (var c in first17)
        {
            sum += alphabet.IndexOf(c, StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }

        return first17 + alphabet[(31 - sum % 31) % 31];
    }
}
