using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Terminal;
using LoveCard.Testing;
using MassTransit;

namespace LoveCard.Fault.Tests.Harness;

/// <summary>
/// What every fault test shares: the settlement processes this run started (all killed at the end),
/// a MassTransit bus in the test process that publishes the events the other services would send
/// (elders, cards, providers, terminals, policies), and <see cref="CreateScenarioAsync"/>, which sets
/// up a county with elders, a provider, activated terminals and funded sources.
/// </summary>
public static class FaultWorld
{
    public const string Schema = "settlement";

    /// <summary>Cleaning at 1000 fen: not a meal, so the three-meals-a-day hold rule (DOMAIN.md §6) never fires under
    /// load.</summary>
    public const string Item = ServiceItems.Cleaning;

    public const long UnitPriceFen = 1000;

    /// <summary>The one policy every fault county gets: 80/15/5 shares, so a 1000-fen purchase is 800 + 150 + 50, and
    /// these monthly caps.</summary>
    public static readonly (long Fiscal, long Collective, long Charity) Caps = (20_000, 4_000, 2_000);

    private static readonly ConcurrentBag<SettlementProcess> Started = [];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IBusControl? _bus;
    private static SettlementProcess? _main;
    private static int _counter = Random.Shared.Next(100, 900);

    internal static void Track(SettlementProcess process) => Started.Add(process);

    /// <summary>The shared settlement process most tests run against (F3 and F5 start their own beside it).</summary>
    public static async Task<SettlementProcess> MainAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_main is null || _main.HasExited)
            {
                _main = await SettlementProcess.StartAsync("main");
            }

            return _main;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopAsync()
    {
        foreach (var process in Started)
        {
            try
            {
                await process.DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                TestContext.Progress.WriteLine($"settlement {process.Port}: {e.Message}");
            }
        }

        if (_bus is not null)
        {
            await _bus.StopAsync();
        }
    }

    private static async Task<IBusControl> BusAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_bus is null)
            {
                var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
                {
                    cfg.Host("127.0.0.1", TestInfrastructure.RabbitPort, TestInfrastructure.VirtualHost, h =>
                    {
                        h.Username("lovecard");
                        h.Password("lovecard-dev");
                        h.PublisherConfirmation = true;
                    });
                    // As the services do (BusSetup): abstract bases get no exchange; consumers bind the concrete
                    // events.
                    cfg.Publish<IntegrationEvent>(p => p.Exclude = true);
                    cfg.Publish<CardEvent>(p => p.Exclude = true);
                    cfg.Publish<ProviderEvent>(p => p.Exclude = true);
                });
                await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
                _bus = bus;
            }

            return _bus;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task PublishAsync<T>(T message)
        where T : class => await (await BusAsync()).Publish(message, typeof(T));

    public static Actor TestActor => new(ActorKinds.User, "fault-test");

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>A county code no other test uses (6 digits starting 8, so it is no real one).</summary>
    public static string NewCounty() =>
        TestCounties.Register(
            "8" + Interlocked.Increment(ref _counter).ToString("D5", System.Globalization.CultureInfo.InvariantCulture)
        );

    public static async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(Schema);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public sealed record Elder(Guid ElderId, Guid CardId, string CardNumber, string Village);

    public sealed record Scenario(
        string County,
        Guid ProviderId,
        IReadOnlyList<Elder> Elders,
        IReadOnlyList<TerminalCredentials> Terminals
    );

    /// <summary>
    /// A county with its policy, <paramref name="elders"/> category-1 elders with active cards in one
    /// village, a whitelisted provider selling <see cref="Item"/>, <paramref name="terminals"/>
    /// activated terminals, and each source's fund topped up with <paramref name="fundFen"/> (or only
    /// fiscal, when <paramref name="onlyFiscal"/>).
    /// </summary>
    public static async Task<Scenario> CreateScenarioAsync(
        SettlementProcess settlement,
        int elders = 10,
        int terminals = 3,
        long fundFen = 50_000_000,
        bool onlyFiscal = false
    )
    {
        var county = NewCounty();
        var village = county + "001";
        await PublishAsync(
            new SubsidyPolicyPublished
            {
                AggregateId = "subsidy-policy:" + county,
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "fault test",
                OccurredAt = Now,
                County = county,
                PolicyVersion = 1,
                EffectiveFrom = Shanghai.Today(Now).AddDays(-1),
                ProposedBy = "a",
                ApprovedBy = "b",
                Categories =
                [
                    new CategoryPolicy(1, new SourceShares(80, 15, 5), [], Caps.Fiscal, Caps.Collective, Caps.Charity),
                ],
            }
        );

        var list = new List<Elder>();
        for (var i = 0; i < elders; i++)
        {
            var elder = new Elder(
                Guid.NewGuid(),
                Guid.NewGuid(),
                "A" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)),
                village
            );
            list.Add(elder);
            await PublishAsync(
                new ElderClassified
                {
                    AggregateId = elder.ElderId.ToString(),
                    AggregateVersion = 1,
                    Actor = TestActor,
                    Reason = "fault test",
                    OccurredAt = Now,
                    ElderId = elder.ElderId,
                    HomeCounty = county,
                    VillageCode = village,
                    MaskedName = "王*华",
                    Category = 1,
                    Eligible = true,
                    IsLocal = true,
                    Reasons = ["local"],
                    RulesVersion = "test",
                    EvaluatedOn = Shanghai.Today(Now),
                }
            );
            await PublishAsync(
                new CardActivated
                {
                    AggregateId = elder.CardId.ToString(),
                    AggregateVersion = 1,
                    Actor = TestActor,
                    Reason = "fault test",
                    OccurredAt = Now,
                    CardId = elder.CardId,
                    ElderId = elder.ElderId,
                    HomeCounty = county,
                    CardNumber = elder.CardNumber,
                    Status = CardStatuses.Active,
                }
            );
        }

        var providerId = Guid.NewGuid();
        await PublishAsync(
            new ProviderWhitelisted
            {
                AggregateId = providerId.ToString(),
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "fault test",
                OccurredAt = Now,
                ProviderId = providerId,
                County = county,
                UnifiedCode = "91330000000000000X",
                Name = "Fault test provider",
                ProviderType = "meal",
                Status = ProviderStatuses.Whitelisted,
                CreditScore = 100,
            }
        );
        await PublishAsync(
            new ProviderItemsChanged
            {
                AggregateId = providerId.ToString(),
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "fault test",
                OccurredAt = Now,
                ProviderId = providerId,
                County = county,
                Items = [new ProviderItem(Item, Item, "time", UnitPriceFen, 0, Shanghai.Today(Now).AddDays(-30))],
            }
        );

        var codes = new List<(string Id, string Code)>();
        for (var i = 0; i < terminals; i++)
        {
            var id = "T-" + Guid.NewGuid().ToString("N")[..12];
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
            codes.Add((id, code));
            await PublishAsync(
                new TerminalRegistered
                {
                    AggregateId = id,
                    AggregateVersion = 1,
                    Actor = TestActor,
                    Reason = "fault test",
                    OccurredAt = Now,
                    TerminalId = id,
                    ProviderId = providerId,
                    County = county,
                    ActivationCodeHash = Convert.ToHexStringLower(
                        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code))
                    ),
                    ActivationCodeExpiresAt = Now.AddHours(24),
                }
            );
        }

        var cardIds = list.Select(e => e.CardId).ToArray();
        var terminalIds = codes.Select(c => c.Id).ToArray();
        await Eventually.AssertAsync(
            async () =>
                await CountAsync("SELECT count(*) FROM rm_subsidy_policies WHERE county = @county", new { county }) >= 1
                && await CountAsync(
                    "SELECT count(*) FROM rm_cards c JOIN rm_elders e USING (elder_id) WHERE c.card_id = "
                        + "ANY(@cardIds) AND c.status = 'active'",
                    new { cardIds }
                ) == elders
                && await CountAsync(
                    "SELECT count(*) FROM rm_providers p WHERE p.provider_id = @providerId AND p.status = "
                        + "'whitelisted' AND EXISTS (SELECT 1 FROM rm_provider_items i WHERE i.provider_id = "
                        + "p.provider_id)",
                    new { providerId }
                ) == 1
                && await CountAsync(
                    "SELECT count(*) FROM terminals WHERE terminal_id = ANY(@terminalIds) AND status = 'enabled'",
                    new { terminalIds }
                ) == terminals,
            TimeSpan.FromSeconds(60),
            () => $"county {county}'s read models not fed"
        );

        await TopUpAsync(settlement, county, FundSources.Fiscal, fundFen, null);
        if (!onlyFiscal)
        {
            await TopUpAsync(settlement, county, FundSources.Collective, fundFen, village);
            await TopUpAsync(settlement, county, FundSources.Charity, fundFen, null);
        }

        var credentials = new List<TerminalCredentials>();
        foreach (var (id, code) in codes)
        {
            using var client = Client(settlement.BaseAddress, null);
            credentials.Add(await client.ActivateAsync(id, code));
        }

        return new Scenario(county, providerId, list, credentials);
    }

    /// <summary>Tops a fund up through the API: one bureau user proposes, another approves (maker-checker).</summary>
    public static async Task TopUpAsync(
        SettlementProcess settlement,
        string county,
        string source,
        long amountFen,
        string? village
    )
    {
        using var maker = People(settlement, "bureau", county, "maker-" + Guid.NewGuid().ToString("N")[..8]);
        using var checker = People(settlement, "bureau", county, "checker-" + Guid.NewGuid().ToString("N")[..8]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/funds/{county}/{source}/top-ups")
        {
            Content = JsonContent.Create(
                new
                {
                    amountFen,
                    village,
                    note = "fault test budget",
                }
            ),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var proposed = await maker.SendAsync(request);
        Assert.That((int)proposed.StatusCode, Is.EqualTo(201), await proposed.Content.ReadAsStringAsync());
        var topUpId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("topUpId").GetGuid();
        var approved = await checker.PostAsync($"/api/funds/{county}/top-ups/{topUpId}/approve", null);
        Assert.That((int)approved.StatusCode, Is.EqualTo(200), await approved.Content.ReadAsStringAsync());
    }

    /// <summary>An HTTP client with a development token (the processes run with the development signing key).</summary>
    public static HttpClient People(SettlementProcess settlement, string role, string county, string subject)
    {
        var http = new HttpClient { BaseAddress = settlement.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            DevTokens.Mint(new AuthOptions(), role, county, subject: subject)
        );
        return http;
    }

    /// <summary>The reference terminal client aimed at <paramref name="server"/> (a settlement process or a proxy in
    /// front of one).</summary>
    public static TerminalClient Client(
        Uri server,
        TerminalCredentials? credentials,
        Action<TerminalClientOptions>? configure = null
    )
    {
        var options = new TerminalClientOptions
        {
            ServerUrl = server,
            MaxAttempts = 6,
            InitialBackoff = TimeSpan.FromMilliseconds(200),
            MaxBackoff = TimeSpan.FromSeconds(2),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return TerminalClient.Create(options, credentials);
    }

    /// <summary>The exact bytes of a purchase of one <see cref="Item"/> by <paramref name="elder"/>'s card; serialised
    /// once, so every retry sends these bytes.</summary>
    public static byte[] PurchaseBody(Elder elder) =>
        ProtocolJson.Serialize(
            new PurchaseRequest(new Credential("card", elder.CardNumber), Item, 1, OccurredAt: Shanghai.ToLocal(Now))
        );
}
