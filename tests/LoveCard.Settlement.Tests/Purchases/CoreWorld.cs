using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Terminals;
using LoveCard.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>
/// One settlement service shared by the core's fixtures, on a <see cref="FakeTimeProvider"/> that
/// only moves forward (tests that need a month or day boundary move it there), with a stand-in for
/// the cards service's <c>GET /api/cards/qr-keys</c> mapped on the same host. Read models are fed
/// by publishing the source services' events through the host's bus.
/// </summary>
public static class CoreWorld
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ServiceHost? _host;

    public static readonly FakeTimeProvider Clock = new(DateTimeOffset.UtcNow);

    /// <summary>Keys the stand-in cards endpoint serves (kid → base64 SPKI), for the unknown-kid fetch.</summary>
    public static readonly Dictionary<string, string> CardsServiceQrKeys = [];

    public static ServiceHost Host => _host ?? throw new InvalidOperationException("Call CoreWorld.StartAsync first.");

    public static async Task<ServiceHost> StartAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_host is null)
            {
                var settings = new Dictionary<string, string?>(GatewayHost.GenerousLimits)
                {
                    // Room for 200 concurrent terminal requests beside the consumers (the test default is 60).
                    ["ConnectionStrings:Postgres"] = TestInfrastructure.ConnectionString.Replace(
                        "Maximum Pool Size=60",
                        "Maximum Pool Size=80",
                        StringComparison.Ordinal
                    ),
                };
                _host = await ServiceHost.StartAsync(
                    (args, configure) =>
                    {
                        var app = SettlementApp.Create(args, configure);
                        app.MapGet("/api/cards/qr-keys", () => TypedResults.Ok(
                                new
                                {
                                    keys = CardsServiceQrKeys
                                        .Select(k => new
                                        {
                                            kid = k.Key,
                                            publicKeySpki = k.Value,
                                            notBefore = DateTimeOffset.UnixEpoch,
                                        })
                                        .ToArray(),
                                }
                            ));
                        return app;
                    },
                    settings,
                    Clock,
                    configure: builder => builder.Logging.AddProvider(new ErrorLog())
                );
                _host.Services.GetRequiredService<IConfiguration>()["Cards:BaseUrl"] = _host.BaseAddress.ToString();
            }

            return _host;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    public static DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Moves the shared clock forward to <paramref name="instant"/> (never back).</summary>
    public static void MoveTo(DateTimeOffset instant)
    {
        if (instant > Clock.GetUtcNow())
        {
            // an offset other than 0 would reach Npgsql, which refuses it for timestamptz
            Clock.SetUtcNow(instant.ToUniversalTime());
        }
    }

    private static int _counter = Random.Shared.Next(100, 900);

    /// <summary>A county code no other test uses (6 digits, starting 9 so it is no real one).</summary>
    public static string NewCounty() =>
        TestCounties.Register(
            "9" + Interlocked.Increment(ref _counter).ToString("D5", System.Globalization.CultureInfo.InvariantCulture)
        );

    public static string NewCardNumber() => "A" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    public static Task PublishAsync<T>(T message)
        where T : class => Host.Services.GetRequiredService<IBus>().Publish(message);

    public static Actor TestActor => new(ActorKinds.User, "test");

    public sealed record Elder(Guid ElderId, Guid CardId, string CardNumber, string County, string Village);

    /// <summary>An elder classified in <paramref name="county"/> with a card; waits until settlement's read models have
    /// both.</summary>
    public static async Task<Elder> AddElderAsync(
        string county,
        int? category = 1,
        string status = CardStatuses.Active,
        bool eligible = true,
        string? village = null
    )
    {
        var elder = new Elder(Guid.NewGuid(), Guid.NewGuid(), NewCardNumber(), county, village ?? county + "001");
        await PublishAsync(
            new ElderClassified
            {
                AggregateId = elder.ElderId.ToString(),
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                ElderId = elder.ElderId,
                HomeCounty = county,
                VillageCode = elder.Village,
                MaskedName = "王*华",
                Category = eligible ? category : null,
                Eligible = eligible,
                IsLocal = true,
                Reasons = ["local"],
                RulesVersion = "test",
                EvaluatedOn = Shanghai.Today(Now),
            }
        );
        await PublishCardAsync<CardActivated>(elder, 1, status);
        await Eventually.AssertAsync(
            async () =>
                await CountAsync(
                    "SELECT count(*) FROM rm_cards c JOIN rm_elders e USING (elder_id) WHERE c.card_id = @CardId AND "
                        + "c.status = @status",
                    new { elder.CardId, status }
                ) == 1,
            because: () => $"card {elder.CardId} not in settlement's read models"
        );
        return elder;
    }

    /// <summary>Publishes a card event of type <typeparamref name="T"/> with the card's state.</summary>
    public static Task PublishCardAsync<T>(Elder elder, long version, string status, string? cardNumber = null)
        where T : CardEvent
    {
        // The members are required and init-only: set them with a 'with' clone (virtual, so it stays a T).
        CardEvent message = (T)Activator.CreateInstance(typeof(T), true)!;
        message = message with
        {
            AggregateId = elder.CardId.ToString(),
            AggregateVersion = version,
            Actor = TestActor,
            Reason = "test",
            OccurredAt = Now,
            CardId = elder.CardId,
            ElderId = elder.ElderId,
            HomeCounty = elder.County,
            CardNumber = cardNumber ?? elder.CardNumber,
            Status = status,
        };
        return Host.Services.GetRequiredService<IBus>().Publish(message, typeof(T));
    }

    /// <summary>A whitelisted provider in <paramref name="county"/> selling meal at 1500 fen (or the given
    /// items).</summary>
    public static async Task<Guid> AddProviderAsync(
        string county,
        IReadOnlyList<ProviderItem>? items = null,
        string status = ProviderStatuses.Whitelisted
    )
    {
        var providerId = Guid.NewGuid();
        items ??= [Item(ServiceItems.Meal, 1500)];
        await PublishProviderAsync<ProviderWhitelisted>(providerId, county, 1, status);
        await PublishAsync(
            new ProviderItemsChanged
            {
                AggregateId = providerId.ToString(),
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                ProviderId = providerId,
                County = county,
                Items = items,
            }
        );
        await Eventually.AssertAsync(
            async () =>
                await CountAsync(
                    "SELECT count(*) FROM rm_providers p WHERE p.provider_id = @providerId AND p.status = @status AND "
                        + "EXISTS (SELECT 1 FROM rm_provider_items i WHERE i.provider_id = p.provider_id)",
                    new { providerId, status }
                ) == 1,
            because: () => $"provider {providerId} not in settlement's read models"
        );
        return providerId;
    }

    public static ProviderItem Item(string code, long unitPriceFen, int discountPercent = 0) =>
        new(code, code, "time", unitPriceFen, discountPercent, Shanghai.Today(Now).AddDays(-30));

    public static Task PublishProviderAsync<T>(Guid providerId, string county, long version, string status)
        where T : ProviderEvent
    {
        ProviderEvent message = (T)Activator.CreateInstance(typeof(T), true)!;
        message = message with
        {
            AggregateId = providerId.ToString(),
            AggregateVersion = version,
            Actor = TestActor,
            Reason = "test",
            OccurredAt = Now,
            ProviderId = providerId,
            County = county,
            UnifiedCode = "91330000000000000X",
            Name = "Test provider",
            ProviderType = "meal",
            Status = status,
            CreditScore = 100,
        };
        return Host.Services.GetRequiredService<IBus>().Publish(message, typeof(T));
    }

    /// <summary>A terminal of <paramref name="providerId"/>, registered and activated, whose clock follows
    /// <see cref="Clock"/>.</summary>
    public static async Task<TestTerminal> AddTerminalAsync(Guid providerId, string county)
    {
        var id = TestTerminal.NewTerminalId();
        var code = TestTerminal.NewActivationCode();
        await TestTerminal.RegisterAsync(Host, id, providerId, county, code, version: 1, expiresAt: Now.AddHours(24));
        // A longer timeout than the host's default 30 s: the race tests queue 200 requests on one elder or fund on a
        // shared 2-core machine.
        var http = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var activated = await TestTerminal.ActivateAsync(http, id, code);
        return new TestTerminal(activated.Http, id, activated.Key, activated.KeyVersion)
        {
            ProviderId = providerId,
            County = county,
            Clock = () => Clock.GetUtcNow(),
        };
    }

    /// <summary>Tops a fund up through the API: one bureau user proposes, another approves.</summary>
    public static async Task TopUpAsync(string county, string source, long amountFen, string? village = null)
    {
        using var maker = Host.CreateClient("bureau", county, subject: "maker-" + Guid.NewGuid().ToString("N")[..8]);
        using var checker = Host.CreateClient(
            "bureau",
            county,
            subject: "checker-" + Guid.NewGuid().ToString("N")[..8]
        );
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/funds/{county}/{source}/top-ups")
        {
            Content = JsonContent.Create(
                new
                {
                    amountFen,
                    village,
                    note = "test budget",
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

    /// <summary>Fiscal, the elder's village collective and charity, each with <paramref name="amountFen"/>.</summary>
    public static async Task TopUpAllAsync(string county, string village, long amountFen = 10_000_000)
    {
        await TopUpAsync(county, FundSources.Fiscal, amountFen);
        await TopUpAsync(county, FundSources.Collective, amountFen, village);
        await TopUpAsync(county, FundSources.Charity, amountFen);
    }

    public static object PurchaseBody(
        object credential,
        string item = ServiceItems.Meal,
        int quantity = 1,
        Guid? orderId = null,
        long? maxFamilyFen = null
    ) =>
        new
        {
            credential,
            item,
            quantity,
            orderId,
            maxFamilyFen,
            careWorkerId = (string?)null,
            location = (object?)null,
            occurredAt = Shanghai.ToLocal(Now),
        };

    public static object Card(Elder elder) => new { type = "card", value = elder.CardNumber };

    /// <summary>Posts a purchase, retrying a 503 with the same key and bytes as the protocol tells terminals
    /// to.</summary>
    public static async Task<(int Status, string Body)> PurchaseAsync(
        TestTerminal terminal,
        object body,
        string? key = null
    )
    {
        var bytes = TestTerminal.Serialize(body);
        key ??= Guid.NewGuid().ToString("N");
        for (var attempt = 0; ; attempt++)
        {
            var response = await terminal.PostAsync("/terminal/v1/purchases", bytes, key);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode < 500 || attempt >= 20)
            {
                return ((int)response.StatusCode, text);
            }

            await Task.Delay(50 + Random.Shared.Next(100));
        }
    }

    public static async Task<PurchaseAnswer> BuyAsync(TestTerminal terminal, object body, string? key = null)
    {
        var (status, text) = await PurchaseAsync(terminal, body, key);
        Assert.That(status, Is.EqualTo(200), text);
        return JsonSerializer.Deserialize<PurchaseAnswer>(text, TestTerminal.Json)!;
    }

    public static async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(Host.Schema);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>A QR code as the cards service signs it: <c>LC1.</c> + base64url(payload) + <c>.</c> + base64url(P1363
    /// signature).</summary>
    public static string SignQr(
        ECDsa key,
        string kid,
        Guid cardId,
        DateTimeOffset issuedAt,
        int lifetimeSeconds = 60,
        string? nonce = null
    )
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new
            {
                kid,
                card = cardId.ToString(),
                iat = issuedAt.ToUnixTimeSeconds(),
                exp = issuedAt.ToUnixTimeSeconds() + lifetimeSeconds,
                nonce = nonce ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            }
        );
        var signed = "LC1." + Base64Url(payload);
        var signature = key.SignData(
            Encoding.ASCII.GetBytes(signed),
            HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation
        );
        return signed + "." + Base64Url(signature);
    }

    public static async Task<(ECDsa Key, string Kid)> PublishQrKeyAsync()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = "k-" + Guid.NewGuid().ToString("N")[..10];
        await PublishAsync(
            new QrSigningKeyPublished
            {
                AggregateId = "qr-key:" + kid,
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                KeyId = kid,
                PublicKeySpki = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
                NotBefore = Now.AddMinutes(-5),
            }
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_qr_keys WHERE kid = @kid", new { kid }) == 1
        );
        return (key, kid);
    }

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
