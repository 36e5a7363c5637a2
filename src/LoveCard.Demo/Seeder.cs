using LoveCard.Terminal;

namespace LoveCard.Demo;

/// <summary>
/// Seeds the demo county through the services' own HTTP APIs, idempotently: every step first looks
/// at what exists and only adds what is missing, so a second run changes nothing (and buys nothing
/// twice on the same day: the demo purchases use per-day Idempotency-Keys and are looked up first).
/// The steps, in order: county rules, elders and cards, providers and terminals, funds, purchases.
/// </summary>
public sealed class Seeder : IDisposable
{
    public const string PolicyReason = CountyRulesSeed.PolicyReason;

    private readonly SeedContext _seed;
    private readonly DemoTerminals _terminals;

    public Seeder(DemoOptions options, TextWriter output)
    {
        _seed = new SeedContext(options, output);
        _terminals = new DemoTerminals(_seed);
    }

    /// <summary>Cards by roster number after the seed (a replaced card keeps its roster number here).</summary>
    public Dictionary<string, DemoCard> Cards { get; } = new();

    /// <summary>Provider ids by terminal id.</summary>
    public Dictionary<string, Guid> ProviderIds { get; } = new();

    /// <summary>The receipts of the demo meals (roster card number → answer).</summary>
    public Dictionary<string, PurchaseAnswer> Receipts { get; } = new();

    public static string Yuan(long fen) => SeedContext.Yuan(fen);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await CheckServicesAsync(ct);
        foreach (var county in new[] { DemoCounty.Home, DemoCounty.Neighbour })
        {
            await _seed.Eligibility.CallAsync(
                "read county settings (creates version 1)",
                HttpMethod.Get,
                $"/api/counties/{county}/settings",
                _seed.Maker(county),
                ct: ct
            );
        }

        _seed.Say($"county settings of {DemoCounty.Home} and {DemoCounty.Neighbour} in place");
        var rules = new CountyRulesSeed(_seed);
        await rules.PriceStandardsAsync(ct);
        await rules.PolicyAsync(ct);
        var elders = new ElderSeed(_seed, Cards);
        await elders.RosterAsync(DemoCounty.Home, DemoCounty.Elders, ct);
        await elders.RosterAsync(DemoCounty.Neighbour, DemoCounty.NeighbourElders, ct);
        await elders.CardsAsync(DemoCounty.Home, DemoCounty.Elders, ct);
        await elders.CardsAsync(DemoCounty.Neighbour, DemoCounty.NeighbourElders, ct);
        await elders.CardCasesAsync(ct);
        var providers = new ProviderSeed(_seed, _terminals, ProviderIds);
        foreach (var provider in DemoCounty.Providers)
        {
            await providers.ProviderAsync(provider, ct);
        }

        var visits = new DemoVisits(_seed, _terminals, ProviderIds, Cards);
        await visits.HomePointAsync(ct);
        await new FundsSeed(_seed).FundsAsync(ct);
        if (_seed.Options.IdentityUrl is not null)
        {
            await new Accounts.DemoAccounts(_seed.Options, _seed.Out).SeedAsync(
                ProviderIds,
                Cards[DemoCounty.Category1Card].ElderId,
                ct
            );
        }

        if (_seed.Options.Purchases)
        {
            await new DemoPurchases(_seed, _terminals, Receipts).PurchasesAsync(ct);
            await visits.VisitAsync(ct);
        }

        WhatNext();
    }

    private async Task CheckServicesAsync(CancellationToken ct)
    {
        foreach (var api in new[] { _seed.Cards, _seed.Eligibility, _seed.Whitelist, _seed.Settlement })
        {
            var answer = await api.SendAsync("readiness", HttpMethod.Get, "/health/ready", "", null, null, ct);
            ServiceApi.Expect(answer, api.Service, $"readiness ({api.BaseAddress}health/ready)");
        }

        _seed.Say("all four services are ready");
    }

    /// <summary><c>new-terminal</c>: a fresh one-time code for a demo terminal (the old key stops working), activated
    /// into its key file.</summary>
    public Task NewTerminalAsync(string terminalId, CancellationToken ct = default) =>
        _terminals.NewTerminalAsync(terminalId, ct);

    /// <summary><c>qr</c>: a fresh QR code for a demo card (the cards service signs it; valid 120 s).</summary>
    public async Task<string> QrCodeAsync(string cardNumber, CancellationToken ct = default)
    {
        var county = cardNumber.StartsWith("D0902", StringComparison.Ordinal) ? DemoCounty.Neighbour : DemoCounty.Home;
        var token = _seed.Maker(county);
        var number = await _seed.Cards.CallAsync(
            $"look up card number {cardNumber}",
            HttpMethod.Get,
            $"/api/cards/numbers/{cardNumber}",
            token,
            ct: ct
        );
        var qr = await _seed.Cards.CallAsync(
            $"issue a QR code for {cardNumber}",
            HttpMethod.Post,
            $"/api/cards/{number["cardId"]}/qr-codes",
            token,
            ct: ct
        );
        return qr["code"]!.GetValue<string>();
    }

    private void WhatNext()
    {
        var terminal = "dotnet run --project src/LoveCard.Terminal --";
        string Key(string id)
        {
            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), _seed.Options.KeyFile(id));
            return "--key-file "
                + (
                    relative.StartsWith("..", StringComparison.Ordinal)
                        ? Path.GetFullPath(_seed.Options.KeyFile(id))
                        : relative
                );
        }

        _seed.Out.WriteLine();
        _seed.Out.WriteLine("What to try next (docs/terminal-sandbox.md lists every test card and the case it shows):");
        _seed.Out.WriteLine($"  {terminal} catalog {Key(DemoCounty.MealTerminal)}");
        _seed.Out.WriteLine(
            $"  {terminal} inquire --card {DemoCounty.Category2Card} --item meal {Key(DemoCounty.MealTerminal)}"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --card {DemoCounty.Category1Card} --item meal {Key(DemoCounty.MealTerminal)}     # "
                + $"category 1: subsidy pays all"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --card {DemoCounty.Category3Card} --item meal {Key(DemoCounty.MealTerminal)}     # "
                + $"category 3: family pays all"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --face {DemoCounty.DemoFaceId} --item meal {Key(DemoCounty.MealTerminal)}"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --qr $(dotnet run --project src/LoveCard.Demo -c Release --no-build -- qr "
                + $"{DemoCounty.QrCard}) --item meal {Key(DemoCounty.MealTerminal)}"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --card {DemoCounty.SuspendedCard} --item meal {Key(DemoCounty.MealTerminal)}     # "
                + $"declined card_suspended"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --card {DemoCounty.ReplacedCard} --item meal {Key(DemoCounty.MealTerminal)}     # "
                + $"declined card_replaced"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --card {DemoCounty.PendingConsentCard} --item meal {Key(DemoCounty.MealTerminal)}     "
                + $"# declined card_pending_consent"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --card {DemoCounty.NeighbourCategory1Card} --item meal {Key(DemoCounty.MealTerminal)}  "
                + $"   # cross-county: 330902 pays"
        );
        _seed.Out.WriteLine(
            $"  {terminal} buy --card {DemoCounty.Category2Card} --item bath {Key(DemoCounty.BathTerminal)}"
        );
        _seed.Out.WriteLine($"  {terminal} void <purchaseId> {Key(DemoCounty.MealTerminal)}");
        _seed.Out.WriteLine($"  {terminal} refund <purchaseId> --amount 500 {Key(DemoCounty.MealTerminal)}");
        _seed.Out.WriteLine($"  {terminal} totals {Key(DemoCounty.MealTerminal)}");
        _seed.Out.WriteLine(
            "  the cards: D09030001 (category 1), D09030005 (category 2), D09030009 (category 3); replaced "
                + $"{DemoCounty.ReplacedCard} → {Cards.GetValueOrDefault(DemoCounty.ReplacedCard)?.CardNumber}"
        );
        _seed.Out.WriteLine(
            "  a new activation code for a terminal: dotnet run --project src/LoveCard.Demo -c Release --no-build -- "
                + $"new-terminal {DemoCounty.MealTerminal}"
        );
    }

    public void Dispose()
    {
        _terminals.Dispose();
        _seed.Dispose();
    }
}
