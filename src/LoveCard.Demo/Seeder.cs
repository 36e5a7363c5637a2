using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LoveCard.Terminal;

namespace LoveCard.Demo;

/// <summary>A demo card as the cards service has it now.</summary>
public sealed record DemoCard(string RosterNumber, Guid CardId, Guid ElderId, string CardNumber, string Status, int? Category);

/// <summary>
/// Seeds the demo county through the services' own HTTP APIs, idempotently: every step first looks
/// at what exists and only adds what is missing, so a second run changes nothing (and buys nothing
/// twice on the same day: the demo purchases use per-day Idempotency-Keys and are looked up first).
/// </summary>
public sealed class Seeder : IDisposable
{
    private readonly DemoOptions _options;
    private readonly TextWriter _out;
    private readonly ServiceApi _cards;
    private readonly ServiceApi _eligibility;
    private readonly ServiceApi _whitelist;
    private readonly ServiceApi _settlement;
    private readonly Dictionary<string, TerminalClient> _terminals = new();

    public Seeder(DemoOptions options, TextWriter output)
    {
        _options = options;
        _out = output;
        _cards = new ServiceApi("cards", options.CardsUrl);
        _eligibility = new ServiceApi("eligibility", options.EligibilityUrl);
        _whitelist = new ServiceApi("whitelist", options.WhitelistUrl);
        _settlement = new ServiceApi("settlement", options.SettlementUrl);
    }

    /// <summary>Cards by roster number after the seed (a replaced card keeps its roster number here).</summary>
    public Dictionary<string, DemoCard> Cards { get; } = new();

    /// <summary>Provider ids by terminal id.</summary>
    public Dictionary<string, Guid> ProviderIds { get; } = new();

    /// <summary>The receipts of the demo meals (roster card number → answer).</summary>
    public Dictionary<string, PurchaseAnswer> Receipts { get; } = new();

    private string Maker(string county) => _eligibility.BureauToken(county, "maker");

    private string Checker(string county) => _eligibility.BureauToken(county, "checker");

    private void Say(string text) => _out.WriteLine($"[demo] {text}");

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await CheckServicesAsync(ct);
        foreach (var county in new[] { DemoCounty.Home, DemoCounty.Neighbour })
        {
            await _eligibility.CallAsync("read county settings (creates version 1)", HttpMethod.Get, $"/api/counties/{county}/settings", Maker(county), ct: ct);
        }

        Say($"county settings of {DemoCounty.Home} and {DemoCounty.Neighbour} in place");
        await PriceStandardsAsync(ct);
        await PolicyAsync(ct);
        await RosterAsync(DemoCounty.Home, DemoCounty.Elders, ct);
        await RosterAsync(DemoCounty.Neighbour, DemoCounty.NeighbourElders, ct);
        await CardsAsync(DemoCounty.Home, DemoCounty.Elders, ct);
        await CardsAsync(DemoCounty.Neighbour, DemoCounty.NeighbourElders, ct);
        await CardCasesAsync(ct);
        foreach (var provider in DemoCounty.Providers)
        {
            await ProviderAsync(provider, ct);
        }

        await FundsAsync(ct);
        if (_options.IdentityUrl is not null)
        {
            await new Accounts.DemoAccounts(_options, _out).SeedAsync(ProviderIds, Cards[DemoCounty.Category1Card].ElderId, ct);
        }

        if (_options.Purchases)
        {
            await PurchasesAsync(ct);
        }

        WhatNext();
    }

    private async Task CheckServicesAsync(CancellationToken ct)
    {
        foreach (var api in new[] { _cards, _eligibility, _whitelist, _settlement })
        {
            var answer = await api.SendAsync("readiness", HttpMethod.Get, "/health/ready", "", null, null, ct);
            ServiceApi.Expect(answer, api.Service, $"readiness ({api.BaseAddress}health/ready)");
        }

        Say("all four services are ready");
    }

    // ---- eligibility and whitelist: standards and policy ---------------------------------------

    private async Task PriceStandardsAsync(CancellationToken ct)
    {
        const string step = "set the county price standards";
        var view = await _whitelist.CallAsync(step, HttpMethod.Get, $"/api/counties/{DemoCounty.Home}/price-standards", Maker(DemoCounty.Home), ct: ct);
        var inForce = view["inForce"]?["items"]?.AsArray().Select(i => (i!["itemCode"]!.GetValue<string>(), i["ceilingFen"]!.GetValue<long>())).ToHashSet() ?? [];
        if (DemoCounty.PriceStandards.All(s => inForce.Contains((s.Item, s.CeilingFen))))
        {
            Say("price standards already in force");
            return;
        }

        await _whitelist.CallAsync(step, HttpMethod.Put, $"/api/counties/{DemoCounty.Home}/price-standards", Maker(DemoCounty.Home), new
        {
            reason = "演示县服务项目最高限价",
            items = DemoCounty.PriceStandards.Select(s => new { itemCode = s.Item, unit = s.Unit, ceilingFen = s.CeilingFen }),
        }, ct: ct);
        Say($"price standards set: {string.Join(", ", DemoCounty.PriceStandards.Select(s => $"{s.Item} ≤ {Yuan(s.CeilingFen)}"))}");
    }

    public const string PolicyReason = "演示：二类老人助餐财政补助提高到 40%";

    /// <summary>Version 1 (the DOMAIN.md §3 defaults) is made by eligibility itself; the demo adds one change, by maker and checker.</summary>
    private async Task PolicyAsync(CancellationToken ct)
    {
        var county = DemoCounty.Home;
        var list = await _eligibility.CallAsync("list subsidy policies", HttpMethod.Get, $"/api/counties/{county}/policies?pageSize=100", Maker(county), ct: ct);
        var existing = list["items"]!.AsArray().FirstOrDefault(p => p!["reason"]?.GetValue<string>() == PolicyReason);
        int version;
        if (existing is null)
        {
            var proposed = await _eligibility.CallAsync("propose a subsidy policy version", HttpMethod.Post, $"/api/counties/{county}/policies", Maker(county), new
            {
                effectiveFrom = Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                reason = PolicyReason,
                categories = new object[]
                {
                    new { category = 1, defaultShares = Shares(80, 15, 5), itemShares = Array.Empty<object>(), monthlyCapFiscalFen = 30000, monthlyCapCollectiveFen = 10000, monthlyCapCharityFen = 5000 },
                    new { category = 2, defaultShares = Shares(30, 20, 0), itemShares = new[] { new { item = "meal", shares = Shares(40, 20, 0) } }, monthlyCapFiscalFen = 10000, monthlyCapCollectiveFen = 5000, monthlyCapCharityFen = 0 },
                    new { category = 3, defaultShares = Shares(0, 0, 0), itemShares = Array.Empty<object>(), monthlyCapFiscalFen = 0, monthlyCapCollectiveFen = 0, monthlyCapCharityFen = 0 },
                },
            }, ct: ct);
            version = proposed["version"]!.GetValue<int>();
            Say($"policy version {version} proposed by {county} bureau user 'maker'");
        }
        else if (existing["status"]!.GetValue<string>() == "published")
        {
            Say($"policy version {existing["version"]} already published");
            return;
        }
        else
        {
            version = existing["version"]!.GetValue<int>();
        }

        await _eligibility.CallAsync("approve the subsidy policy version (a second bureau user)", HttpMethod.Post,
            $"/api/counties/{county}/policies/{version}/approve", Checker(county), ct: ct);
        Say($"policy version {version} approved by bureau user 'checker' and published");
    }

    private static object Shares(int fiscal, int collective, int charity) => new { fiscalPercent = fiscal, collectivePercent = collective, charityPercent = charity };

    // ---- roster, classification, cards ---------------------------------------------------------

    private async Task RosterAsync(string county, IReadOnlyList<DemoElder> elders, CancellationToken ct)
    {
        var known = await _eligibility.CallAsync("count the county's elders", HttpMethod.Get, $"/api/elders?county={county}&page=1&pageSize=1", Maker(county), ct: ct);
        if (known["total"]!.GetValue<long>() >= elders.Count)
        {
            Say($"roster of {county} already imported ({known["total"]} elders)");
            return;
        }

        var started = ServiceApi.Expect(
            await _eligibility.PostRawAsync("upload the roster CSV", $"/api/elders/imports?county={county}", Maker(county), DemoCounty.RosterCsv(county, elders), "text/csv", ct),
            "eligibility", "upload the roster CSV");
        var importId = started.Body!["importId"]!.GetValue<string>();
        Say($"roster of {county} uploaded ({elders.Count} rows), import {importId}");
        var progress = await WaitForAsync("eligibility", "wait for the roster import", async () =>
        {
            var p = await _eligibility.CallAsync("read the import's progress", HttpMethod.Get, $"/api/elders/imports/{importId}", Maker(county), ct: ct);
            return p["status"]!.GetValue<string>() is "succeeded" or "failed" ? p : null;
        }, ct);
        if (progress["status"]!.GetValue<string>() != "succeeded" || progress["rowsRejected"]!.GetValue<long>() > 0)
        {
            throw new DemoStepException("eligibility", "roster import", null, null,
                $"import {importId} ended {progress["status"]} with {progress["rowsRejected"]} rejected rows ({progress["error"]}); see /api/elders/imports/{importId}/errors");
        }

        Say($"roster of {county} imported: {progress["rowsCreated"]} created, {progress["rowsUpdated"]} updated, {progress["rowsUnchanged"]} unchanged; classified");
    }

    private async Task CardsAsync(string county, IReadOnlyList<DemoElder> elders, CancellationToken ct)
    {
        var expected = elders.Where(e => e.ExpectedCategory is not null).ToArray();
        var token = Maker(county);
        Say($"waiting for cards to be provisioned in {county} (no application needed)...");
        await WaitForAsync("cards", $"wait for {expected.Length} cards in {county}", async () =>
        {
            var list = await _cards.CallAsync("list the county's cards", HttpMethod.Get, $"/api/cards?county={county}&pageSize=500", token, ct: ct);
            return list["total"]!.GetValue<long>() >= expected.Length ? list : null;
        }, ct);

        foreach (var elder in expected)
        {
            var number = await _cards.CallAsync($"look up card number {elder.CardNumber}", HttpMethod.Get, $"/api/cards/numbers/{elder.CardNumber}", token, ct: ct);
            var card = await _cards.CallAsync($"read card {elder.CardNumber}", HttpMethod.Get, $"/api/cards/{number["cardId"]}", token, ct: ct);
            Cards[elder.CardNumber] = Card(elder.CardNumber, card);
        }

        var consented = 0;
        foreach (var elder in expected.Where(e => e.Consent != ConsentBy.None))
        {
            var card = Cards[elder.CardNumber];
            if (card.Status != "pending_consent")
            {
                continue;
            }

            object body = elder.Consent switch
            {
                ConsentBy.Agent => new
                {
                    givenBy = "agent",
                    agent = new { name = "刘女士", idNumber = DemoCounty.AgentIdNumber(county, consented), relation = "daughter", phone = "13900000000" },
                    channel = "offline_assisted",
                    place = $"{county} 民政服务中心 (civil-affairs service centre)",
                },
                ConsentBy.ElderOffline => new { givenBy = "elder", channel = "offline_assisted", place = $"{elder.Village} 村委会 (village committee)" },
                _ => new { givenBy = "elder", channel = "online" },
            };
            var answer = await _cards.CallAsync($"record consent for card {elder.CardNumber}", HttpMethod.Post, $"/api/cards/{card.CardId}/consent", token, body, ct: ct);
            Cards[elder.CardNumber] = Card(elder.CardNumber, answer["card"]!);
            consented++;
        }

        Say($"{expected.Length} cards in {county}; consent recorded for {consented} now ({expected.Count(e => e.Consent == ConsentBy.None)} left pending on purpose)");
    }

    private static DemoCard Card(string rosterNumber, JsonNode card) => new(
        rosterNumber, Guid.Parse(card["cardId"]!.GetValue<string>()), Guid.Parse(card["elderId"]!.GetValue<string>()),
        card["cardNumber"]!.GetValue<string>(), card["status"]!.GetValue<string>(), card["category"]?.GetValue<int?>());

    /// <summary>The cards that show a case at a terminal: a face, a suspended card, a replaced number.</summary>
    private async Task CardCasesAsync(CancellationToken ct)
    {
        var token = Maker(DemoCounty.Home);
        var face = Cards[DemoCounty.FaceCard];
        var bound = await _cards.SendAsync("bind a face id", HttpMethod.Put, $"/api/cards/{face.CardId}/face", token,
            System.Net.Http.Json.JsonContent.Create(new { faceId = DemoCounty.DemoFaceId }), null, ct);
        if (bound.Code != "face_already_bound_to_this_card")
        {
            // Bound by an earlier run is fine; anything else (e.g. the face on another card) is not.
            ServiceApi.Expect(bound, "cards", "bind a face id to card " + face.CardNumber);
        }

        var suspended = Cards[DemoCounty.SuspendedCard];
        if (suspended.Status == "active")
        {
            var answer = await _cards.CallAsync("suspend a card (lost)", HttpMethod.Post, $"/api/cards/{suspended.CardId}/suspend", token,
                new { reason = "lost", note = "演示：老人报失" }, ct: ct);
            Cards[DemoCounty.SuspendedCard] = Card(DemoCounty.SuspendedCard, answer);
        }

        var replaced = Cards[DemoCounty.ReplacedCard];
        if (replaced.CardNumber == DemoCounty.ReplacedCard)
        {
            var answer = await _cards.CallAsync("replace a card (new number)", HttpMethod.Post, $"/api/cards/{replaced.CardId}/replace", token,
                new { note = "演示：挂失后补办" }, ct: ct);
            Cards[DemoCounty.ReplacedCard] = Card(DemoCounty.ReplacedCard, answer);
        }

        Say($"face bound to {face.CardNumber}; {suspended.CardNumber} suspended; {DemoCounty.ReplacedCard} replaced by {Cards[DemoCounty.ReplacedCard].CardNumber}");
    }

    // ---- whitelist: providers, items, care workers, terminals ----------------------------------

    private async Task ProviderAsync(DemoProvider p, CancellationToken ct)
    {
        var county = DemoCounty.Home;
        var token = Maker(county);
        var code = p.UnifiedCode(county);
        var list = await _whitelist.CallAsync("list providers", HttpMethod.Get, $"/api/providers?county={county}&pageSize=100", token, ct: ct);
        var provider = list["items"]!.AsArray().FirstOrDefault(x => x!["unifiedCode"]!.GetValue<string>() == code);
        if (provider is null)
        {
            provider = await _whitelist.CallAsync($"enter provider {p.Name}", HttpMethod.Post, "/api/providers", token, new
            {
                unifiedCode = code,
                name = p.Name,
                providerType = p.ProviderType,
                county,
                address = $"舟山市普陀区沈家门街道示范路 {p.OrganisationNumber % 100} 号",
                contactName = "王经理",
                contactPhone = "0570-8000000",
                admissionRoute = "government_purchase",
                contractStart = Today().AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                contractEnd = Today().AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }, ct: ct);
        }

        var id = Guid.Parse(provider["id"]!.GetValue<string>());
        ProviderIds[p.TerminalId] = id;
        if (provider["status"]!.GetValue<string>() == "applied")
        {
            await _whitelist.CallAsync($"whitelist provider {p.Name}", HttpMethod.Post, $"/api/providers/{id}/whitelist", token,
                new { reason = "演示：政府购买服务，资质审核通过" }, ct: ct);
        }

        var items = await _whitelist.CallAsync("read provider items", HttpMethod.Get, $"/api/providers/{id}/items", token, ct: ct);
        var have = items["items"]!.AsArray().Select(i => (i!["itemCode"]!.GetValue<string>(), i["unitPriceFen"]!.GetValue<long>(), i["discountPercent"]!.GetValue<int>())).ToHashSet();
        if (!p.Items.All(i => have.Contains((i.ItemCode, i.UnitPriceFen, i.DiscountPercent))) || have.Count != p.Items.Count)
        {
            await _whitelist.CallAsync($"set the items of {p.Name}", HttpMethod.Put, $"/api/providers/{id}/items", token, new
            {
                reason = "演示服务项目与价格",
                items = p.Items.Select(i => new { itemCode = i.ItemCode, unitPriceFen = i.UnitPriceFen, discountPercent = i.DiscountPercent }),
            }, ct: ct);
        }

        for (var k = 0; k < p.CareWorkers.Count; k++)
        {
            var answer = await _whitelist.SendAsync("register a care worker", HttpMethod.Post, $"/api/providers/{id}/care-workers", token,
                System.Net.Http.Json.JsonContent.Create(new
                {
                    name = p.CareWorkers[k],
                    certificateNumber = $"DEMO-{p.OrganisationNumber}-{k + 1}",
                    certificateLevel = "intermediate",
                    validUntil = Today().AddYears(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }), null, ct);
            // certificate_taken: registered by an earlier run.
            ServiceApi.Expect(answer, "whitelist", $"register care worker {k + 1} of {p.Name}", HttpStatusCode.Conflict);
        }

        await TerminalAsync(id, p, ct);
        Say($"provider {p.Name} ({code}) whitelisted with {string.Join(", ", p.Items.Select(i => $"{i.ItemCode} {Yuan(i.UnitPriceFen)}{(i.DiscountPercent > 0 ? $" -{i.DiscountPercent}%" : "")}"))}, {p.CareWorkers.Count} care worker(s), terminal {p.TerminalId}");
    }

    private async Task TerminalAsync(Guid providerId, DemoProvider p, CancellationToken ct)
    {
        var token = Maker(DemoCounty.Home);
        var terminals = await _whitelist.CallAsync("list terminals", HttpMethod.Get, $"/api/providers/{providerId}/terminals", token, ct: ct);
        string? code = null;
        if (terminals.AsArray().All(t => t!["terminalId"]!.GetValue<string>() != p.TerminalId))
        {
            var registered = await _whitelist.CallAsync($"register terminal {p.TerminalId}", HttpMethod.Post, $"/api/providers/{providerId}/terminals", token,
                new { terminalId = p.TerminalId, model = p.TerminalModel, latitude = 28.98, longitude = 118.87, opensAt = "06:00", closesAt = "21:00" }, ct: ct);
            code = registered["activationCode"]!.GetValue<string>();
        }
        else if (await WorkingTerminalAsync(p.TerminalId, ct) is { } working)
        {
            _terminals[p.TerminalId] = working;
            return;
        }

        code ??= await NewActivationCodeAsync(providerId, p.TerminalId, ct);
        _terminals[p.TerminalId] = await ActivateAsync(p.TerminalId, code, ct);
    }

    private async Task<string> NewActivationCodeAsync(Guid providerId, string terminalId, CancellationToken ct)
    {
        var answer = await _whitelist.CallAsync($"issue a new activation code for {terminalId}", HttpMethod.Post,
            $"/api/providers/{providerId}/terminals/{terminalId}/activation-code", Maker(DemoCounty.Home), new { reason = "演示：重新发放激活码" }, ct: ct);
        return answer["activationCode"]!.GetValue<string>();
    }

    /// <summary>The saved key file, if it still signs requests the settlement service accepts.</summary>
    private async Task<TerminalClient?> WorkingTerminalAsync(string terminalId, CancellationToken ct)
    {
        var path = _options.KeyFile(terminalId);
        if (!File.Exists(path))
        {
            return null;
        }

        var client = TerminalClient.Create(TerminalOptions(path), TerminalKeyFile.Load(path));
        try
        {
            await client.GetCatalogAsync(ct);
            return client;
        }
        catch (TerminalProblemException e) when (e.Status == HttpStatusCode.Unauthorized)
        {
            client.Dispose();
            return null;
        }
    }

    private TerminalClientOptions TerminalOptions(string? keyFile) => new()
    {
        ServerUrl = _options.SettlementUrl,
        KeyFilePath = keyFile,
        Time = _options.Time,
    };

    /// <summary>
    /// <c>POST /terminal/v1/activation</c> through the terminal library, which saves the key file. The
    /// settlement service learns of the terminal from whitelist's event, so an early try may not know
    /// the code yet (<c>activation_code_invalid</c>): wait for it.
    /// </summary>
    private async Task<TerminalClient> ActivateAsync(string terminalId, string code, CancellationToken ct)
    {
        var path = _options.KeyFile(terminalId);
        var client = TerminalClient.Create(TerminalOptions(path));
        await WaitForAsync("settlement", $"activate terminal {terminalId}", async () =>
        {
            try
            {
                await client.ActivateAsync(terminalId, code, ct);
                return new JsonObject();
            }
            catch (TerminalProblemException e) when (e.Problem?.Code is "activation_code_invalid" or "terminal_unknown")
            {
                return null;
            }
        }, ct);
        Say($"terminal {terminalId} activated; key saved to {path} (mode 0600)");
        return client;
    }

    /// <summary><c>new-terminal</c>: a fresh one-time code for a demo terminal (the old key stops working), activated into its key file.</summary>
    public async Task NewTerminalAsync(string terminalId, CancellationToken ct = default)
    {
        var p = DemoCounty.Providers.FirstOrDefault(x => x.TerminalId == terminalId)
            ?? throw new DemoStepException("demo", "new-terminal", null, null, $"{terminalId} is not a demo terminal ({string.Join(", ", DemoCounty.Providers.Select(x => x.TerminalId))})");
        var list = await _whitelist.CallAsync("list providers", HttpMethod.Get, $"/api/providers?county={DemoCounty.Home}&pageSize=100", Maker(DemoCounty.Home), ct: ct);
        var provider = list["items"]!.AsArray().FirstOrDefault(x => x!["unifiedCode"]!.GetValue<string>() == p.UnifiedCode(DemoCounty.Home))
            ?? throw new DemoStepException("whitelist", "new-terminal", null, null, "the demo provider does not exist: run `seed` first");
        var code = await NewActivationCodeAsync(Guid.Parse(provider["id"]!.GetValue<string>()), terminalId, ct);
        _out.WriteLine($"activation code for {terminalId}: {code}  (one use, 24 h)");
        if (_options.ActivateNewTerminal)
        {
            using var client = await ActivateAsync(terminalId, code, ct);
        }
    }

    // ---- settlement: funds ---------------------------------------------------------------------

    private const string TopUpNote = "演示：年度预算拨付";

    private async Task FundsAsync(CancellationToken ct)
    {
        // The key names the top-up's content, so re-seeding a database seeded by an older demo (another
        // amount or note) proposes the new top-up instead of failing with idempotency_key_reused.
        var noteTag = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(TopUpNote)))[..8];
        foreach (var (county, source, village, amount) in DemoCounty.TopUps)
        {
            var key = $"demo-topup-{county}-{source}{(village is null ? "" : "-" + village)}-{amount}-{noteTag}";
            var proposal = await _settlement.CallAsync($"propose a {source} top-up for {county}", HttpMethod.Post, $"/api/funds/{county}/{source}/top-ups",
                Maker(county), new { amountFen = amount, village, note = TopUpNote }, key, ct);
            if (proposal["status"]!.GetValue<string>() != "approved")
            {
                await _settlement.CallAsync($"approve the {source} top-up for {county} (a second bureau user)", HttpMethod.Post,
                    $"/api/funds/{county}/top-ups/{proposal["topUpId"]}/approve", Checker(county), ct: ct);
            }
        }

        foreach (var county in new[] { DemoCounty.Home, DemoCounty.Neighbour })
        {
            var balances = await _settlement.CallAsync("read fund balances", HttpMethod.Get, $"/api/funds/{county}", Maker(county), ct: ct);
            Say($"funds of {county} (proposed by 'maker', approved by 'checker'): " + string.Join(", ", balances["funds"]!.AsArray()
                .Select(f => $"{f!["source"]}{(f["villageCode"]?.GetValue<string>() is { } v ? $" {v}" : "")} {Yuan(f["balanceFen"]!.GetValue<long>())}")));
        }
    }

    // ---- purchases through the terminal library ------------------------------------------------

    private async Task PurchasesAsync(CancellationToken ct)
    {
        var meal = _terminals[DemoCounty.MealTerminal];
        var bath = _terminals[DemoCounty.BathTerminal];
        await meal.SyncClockAsync(ct);
        await bath.SyncClockAsync(ct);

        // Settlement learns of cards, elders and items from events: wait until it would sell a meal.
        Say("waiting for the settlement service to know the cards and items...");
        foreach (var number in new[] { DemoCounty.Category1Card, DemoCounty.Category2Card, DemoCounty.Category3Card, DemoCounty.OverCapCard })
        {
            await WaitForAsync("settlement", $"inquiry for card {number}", async () =>
            {
                var answer = await meal.InquireAsync(new InquiryRequest(Credential.Card(number), "meal", 1), ct);
                return answer.DeclineCode is null ? new JsonObject() : null;
            }, ct);
        }

        // One elder's caps used up this month: a month of bathing booked at once.
        var overCap = await bath.InquireAsync(new InquiryRequest(Credential.Card(DemoCounty.OverCapCard), "bath", 1), ct);
        if (overCap.RemainingCaps is { } caps && caps.FiscalFen + caps.CollectiveFen + caps.CharityFen > 0)
        {
            var key = $"demo-overcap-{DemoCounty.OverCapCard}-{Today():yyyyMM}";
            var answer = await bath.FindPurchaseAsync(key, ct) is null
                ? await bath.PurchaseAsync(new PurchaseRequest(Credential.Card(DemoCounty.OverCapCard), "bath", 20), key, ct)
                : null;
            Say($"card {DemoCounty.OverCapCard}: 20 baths booked at once, monthly caps used up{(answer is null ? "" : $" (receipt {answer.ReceiptNo})")}");
        }

        foreach (var number in new[] { DemoCounty.Category1Card, DemoCounty.Category2Card, DemoCounty.Category3Card })
        {
            var key = $"demo-meal-{number}-{Today():yyyyMMdd}";
            // Already bought today under this key: show that purchase, do not buy again.
            var earlier = await meal.FindPurchaseAsync(key, ct);
            var answer = earlier is { } v
                ? new PurchaseAnswer(v.PurchaseId, v.ReceiptNo, v.Status, v.DeclineCode, v.Elder, v.Item, v.Quantity, v.ListPriceFen, v.PriceFen, v.Split, v.RemainingCaps, v.OccurredAt, v.BookedAt)
                : await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(number), "meal"), key, ct);
            Receipts[number] = answer;
            WriteReceipt(answer, DemoCounty.MealTerminal, earlier is not null);
        }
    }

    private void WriteReceipt(PurchaseAnswer p, string terminalId, bool earlier)
    {
        _out.WriteLine();
        _out.WriteLine($"  ---- receipt {p.ReceiptNo} at {terminalId}{(earlier ? " (bought earlier today; shown again, not bought twice)" : "")}");
        _out.WriteLine($"  {p.Status.ToUpperInvariant()}{(p.DeclineCode is null ? "" : " " + p.DeclineCode)}   {p.Elder?.MaskedName} category {p.Elder?.Category}, county {p.Elder?.HomeCounty}");
        _out.WriteLine($"  {p.Item} x {p.Quantity}   price {Yuan(p.PriceFen ?? 0)}");
        if (p.Split is { } s)
        {
            _out.WriteLine($"    fiscal 财政 {Yuan(s.FiscalFen),8}   collective 村集体 {Yuan(s.CollectiveFen),8}   charity 慈善 {Yuan(s.CharityFen),8}   family 家庭 {Yuan(s.FamilyFen),8}");
        }

        if (p.RemainingCaps is { } c)
        {
            _out.WriteLine($"    left this month: fiscal {Yuan(c.FiscalFen)}, collective {Yuan(c.CollectiveFen)}, charity {Yuan(c.CharityFen)}");
        }
    }

    /// <summary><c>qr</c>: a fresh QR code for a demo card (the cards service signs it; valid 120 s).</summary>
    public async Task<string> QrCodeAsync(string cardNumber, CancellationToken ct = default)
    {
        var county = cardNumber.StartsWith("D0902", StringComparison.Ordinal) ? DemoCounty.Neighbour : DemoCounty.Home;
        var token = Maker(county);
        var number = await _cards.CallAsync($"look up card number {cardNumber}", HttpMethod.Get, $"/api/cards/numbers/{cardNumber}", token, ct: ct);
        var qr = await _cards.CallAsync($"issue a QR code for {cardNumber}", HttpMethod.Post, $"/api/cards/{number["cardId"]}/qr-codes", token, ct: ct);
        return qr["code"]!.GetValue<string>();
    }

    private void WhatNext()
    {
        var terminal = "dotnet run --project src/LoveCard.Terminal --";
        string Key(string id)
        {
            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), _options.KeyFile(id));
            return $"--key-file {(relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(_options.KeyFile(id)) : relative)}";
        }

        _out.WriteLine();
        _out.WriteLine("What to try next (docs/terminal-sandbox.md lists every test card and the case it shows):");
        _out.WriteLine($"  {terminal} catalog {Key(DemoCounty.MealTerminal)}");
        _out.WriteLine($"  {terminal} inquire --card {DemoCounty.Category2Card} --item meal {Key(DemoCounty.MealTerminal)}");
        _out.WriteLine($"  {terminal} buy --card {DemoCounty.Category1Card} --item meal {Key(DemoCounty.MealTerminal)}     # category 1: subsidy pays all");
        _out.WriteLine($"  {terminal} buy --card {DemoCounty.Category3Card} --item meal {Key(DemoCounty.MealTerminal)}     # category 3: family pays all");
        _out.WriteLine($"  {terminal} buy --face {DemoCounty.DemoFaceId} --item meal {Key(DemoCounty.MealTerminal)}");
        _out.WriteLine($"  {terminal} buy --qr $(dotnet run --project src/LoveCard.Demo -c Release --no-build -- qr {DemoCounty.QrCard}) --item meal {Key(DemoCounty.MealTerminal)}");
        _out.WriteLine($"  {terminal} buy --card {DemoCounty.SuspendedCard} --item meal {Key(DemoCounty.MealTerminal)}     # declined card_suspended");
        _out.WriteLine($"  {terminal} buy --card {DemoCounty.ReplacedCard} --item meal {Key(DemoCounty.MealTerminal)}     # declined card_replaced");
        _out.WriteLine($"  {terminal} buy --card {DemoCounty.PendingConsentCard} --item meal {Key(DemoCounty.MealTerminal)}     # declined card_pending_consent");
        _out.WriteLine($"  {terminal} buy --card {DemoCounty.NeighbourCategory1Card} --item meal {Key(DemoCounty.MealTerminal)}     # cross-county: 330902 pays");
        _out.WriteLine($"  {terminal} buy --card {DemoCounty.Category2Card} --item bath {Key(DemoCounty.BathTerminal)}");
        _out.WriteLine($"  {terminal} void <purchaseId> {Key(DemoCounty.MealTerminal)}");
        _out.WriteLine($"  {terminal} refund <purchaseId> --amount 500 {Key(DemoCounty.MealTerminal)}");
        _out.WriteLine($"  {terminal} totals {Key(DemoCounty.MealTerminal)}");
        _out.WriteLine($"  the cards: D09030001 (category 1), D09030005 (category 2), D09030009 (category 3); replaced {DemoCounty.ReplacedCard} → {Cards.GetValueOrDefault(DemoCounty.ReplacedCard)?.CardNumber}");
        _out.WriteLine($"  a new activation code for a terminal: dotnet run --project src/LoveCard.Demo -c Release --no-build -- new-terminal {DemoCounty.MealTerminal}");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private DateOnly Today() => DateOnly.FromDateTime(_options.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private async Task<JsonNode> WaitForAsync(string service, string step, Func<Task<JsonNode?>> probe, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + _options.WaitTimeout;
        while (true)
        {
            if (await probe() is { } done)
            {
                return done;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoStepException(service, step, null, null, $"not done within {_options.WaitTimeout.TotalSeconds:0} s (are events flowing? see the services' logs and lovecard-ops errors list)");
            }

            await Task.Delay(200, ct);
        }
    }

    public void Dispose()
    {
        foreach (var t in _terminals.Values)
        {
            t.Dispose();
        }

        _cards.Dispose();
        _eligibility.Dispose();
        _whitelist.Dispose();
        _settlement.Dispose();
    }
}
