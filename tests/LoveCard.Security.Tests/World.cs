using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Eligibility.Classification;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Whitelist.Providers;

namespace LoveCard.Security.Tests;

/// <summary>
/// Real objects in two counties, made once through the services' own APIs: in each county an elder
/// (imported), their card (provisioned, consented by an agent, face bound), a whitelisted provider
/// with a price standard and items, a terminal (registered and activated), and in county A what the
/// settlement core lets us make (a purchase, a top-up, an order, a dispute, a reconciliation).
/// Path parameters of the matrix and the personal-data checks use these.
/// </summary>
public sealed class World
{
    public const string CountyA = "331102";
    public const string CountyB = "331121";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static World? _instance;
    private static int _sequence = 100;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private World() { }

    public required Party A { get; init; }

    public required Party B { get; init; }

    /// <summary>Placeholder values for the matrix (<c>{cardId}</c> → card A's id); missing ones are in
    /// <see cref="Missing"/>.</summary>
    public Dictionary<string, string> Values { get; } = [];

    /// <summary>Identity's matrix callers: caller column → the <c>sub</c> of the account made for it
    /// (<see cref="IdentityAccounts"/>).</summary>
    public Dictionary<string, string> Subjects { get; } = [];

    /// <summary>Objects the setup could not make, with why (their ids are random, so a refusal there proves
    /// less).</summary>
    public Dictionary<string, string> Missing { get; } = [];

    public static DateOnly Today => Shanghai.Today(TimeProvider.System);

    public static async Task<World> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _instance ??= await BuildAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public sealed class Party
    {
        public required string County { get; init; }
        public required Guid ElderId { get; init; }
        public required string ElderIdNumber { get; init; }
        public required string ElderName { get; init; }
        public required string AgentIdNumber { get; init; }
        public required string AgentName { get; init; }
        public required string FaceId { get; init; }
        public required Guid CardId { get; init; }
        public required string CardNumber { get; init; }
        public required Guid ImportId { get; init; }
        public required Guid ProviderId { get; init; }
        public required SignedTerminal Terminal { get; init; }
        public string Village => County + "000001";
    }

    /// <summary>A valid resident ID number (GB 11643) for someone <paramref name="age"/> years old, unique in the
    /// run.</summary>
    public static string NewIdNumber(string address, int age)
    {
        var birth = Today.AddYears(-age).AddDays(-20);
        var seq = Interlocked.Increment(ref _sequence) % 1000;
        var first17 =
            address
            + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            + seq.ToString("D3", CultureInfo.InvariantCulture);
        return first17 + ResidentId.CheckCharacter(first17);
    }

    private static long _code = Random.Shared.NextInt64(10_000_000, 80_000_000);

    public static string NewUnifiedCode()
    {
        var body = "5233" + "1100" + Interlocked.Increment(ref _code).ToString("D8", CultureInfo.InvariantCulture);
        var first17 = body + UnifiedSocialCreditCode.OrganisationCheckCharacter(body.AsSpan(8, 8));
        return first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
    }

    public static HttpClient Bureau(string service, string county) =>
        Services.ByName[service].CreateClient(Roles.Bureau, county, subject: $"setup-bureau-{county}");

    private static async Task<World> BuildAsync()
    {
        var a = await PartyAsync(CountyA, "司马春燕", "欧阳明远", "33110219");
        var b = await PartyAsync(CountyB, "诸葛秋菊", "上官文博", "33112119");
        var world = new World { A = a, B = b };
        var v = world.Values;
        v["countyA"] = a.County;
        v["countyB"] = b.County;
        v["county"] = a.County;
        v["elderId"] = a.ElderId.ToString();
        v["cardId"] = a.CardId.ToString();
        v["cardNumber"] = a.CardNumber;
        v["importId"] = a.ImportId.ToString();
        v["id"] = a.ProviderId.ToString();
        v["providerId"] = a.ProviderId.ToString();
        v["terminalId"] = a.Terminal.TerminalId;
        v["month"] = Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        v["period"] = Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        v["today"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        v["tomorrow"] = Today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        v["source"] = "fiscal";
        v["unique"] = Guid.NewGuid().ToString("N");
        v["newIdNumber"] = NewIdNumber(a.County, 82);
        v["unifiedCode"] = NewUnifiedCode();
        await world.MakeSettlementObjectsAsync();
        await IdentityAccounts.SeedAsync(world);
        return world;
    }

    private static async Task<Party> PartyAsync(string county, string elderName, string agentName, string agentAddress)
    {
        var elderIdNumber = NewIdNumber(county, 85);
        var agentIdNumber = NewIdNumber(agentAddress[..6], 50);
        var village = county + "000001";
        using var eligibility = Bureau("eligibility", county);
        // Category 1: local, 低保, advanced age (DOMAIN.md §2).
        var csv =
            "id_number,name,hukou_province,hukou_county,home_county,village_code,phone,hardship,ability_score,assessment_date,dementia,special_situations,social_security_card_number\n"
            + $"{elderIdNumber},{elderName},33,,{county},{village},13812345678,dibao,,,false,alone,\n";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var accepted = await ReadAsync(
            await eligibility.PostAsync($"/api/elders/imports?county={county}", content),
            202
        );
        var importId = accepted["importId"]!.GetValue<Guid>();
        await Eventually.AssertAsync(
            async () =>
                (await ReadAsync(await eligibility.GetAsync($"/api/elders/imports/{importId}"), 200))[
                    "status"
                ]!.GetValue<string>() == "succeeded",
            TimeSpan.FromSeconds(60),
            () => $"import {importId}"
        );
        var elderId = await Database.ScalarAsync<Guid>(
            "eligibility",
            "SELECT elder_id FROM elders WHERE home_county = @county",
            new { county }
        );

        // The card is provisioned from ElderClassified over the bus.
        var cardId = await Eventually.ValueAsync(
            () =>
                Database.ScalarAsync<Guid>(
                    "cards",
                    "SELECT coalesce((SELECT card_id FROM cards WHERE elder_id = @elderId), "
                        + "'00000000-0000-0000-0000-000000000000'::uuid)",
                    new { elderId }
                ),
            id => id != Guid.Empty,
            TimeSpan.FromSeconds(30),
            "provisioned card"
        );
        using var cards = Services.Cards.CreateClient(Roles.Agent, elders: [elderId], subject: $"agent-{county}");
        await ReadAsync(
            await cards.PostAsJsonAsync(
                $"/api/cards/{cardId}/consent",
                new
                {
                    givenBy = "agent",
                    agent = new
                    {
                        name = agentName,
                        idNumber = agentIdNumber,
                        relation = "son",
                        phone = "13900001111",
                    },
                    channel = "online",
                    place = (string?)null,
                    consentedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
                },
                Json
            ),
            200
        );
        var faceId = "face-" + Guid.NewGuid().ToString("N");
        using var cardsBureau = Bureau("cards", county);
        await ReadAsync(await cardsBureau.PutAsJsonAsync($"/api/cards/{cardId}/face", new { faceId }, Json), 200);
        var cardNumber = (await ReadAsync(await cardsBureau.GetAsync($"/api/cards/{cardId}"), 200))[
            "cardNumber"
        ]!.GetValue<string>();

        using var whitelist = Bureau("whitelist", county);
        await ReadAsync(
            await whitelist.PutAsJsonAsync(
                $"/api/counties/{county}/price-standards",
                new
                {
                    reason = "security test standard",
                    items = new[]
                    {
                        new
                        {
                            itemCode = "meal",
                            name = "助餐",
                            unit = "次",
                            ceilingFen = 2000L,
                        },
                    },
                },
                Json
            ),
            200
        );
        var provider = await ReadAsync(
            await whitelist.PostAsJsonAsync(
                "/api/providers",
                new
                {
                    unifiedCode = NewUnifiedCode(),
                    name = $"Security test canteen {county}",
                    providerType = "meal_firm",
                    county,
                    township = county + "000", // elder A's township: the area officials' provider (ADR 0044)
                    address = "1 Renmin Road",
                    contactName = "王小华",
                    contactPhone = "13812345678",
                    admissionRoute = "government_purchase",
                    contractStart = Today.AddDays(-30),
                    contractEnd = Today.AddYears(1),
                },
                Json
            ),
            201
        );
        var providerId = provider["id"]!.GetValue<Guid>();
        await ReadAsync(
            await whitelist.PostAsJsonAsync(
                $"/api/providers/{providerId}/whitelist",
                new { reason = "admitted" },
                Json
            ),
            200
        );
        await ReadAsync(
            await whitelist.PutAsJsonAsync(
                $"/api/providers/{providerId}/items",
                new { items = new[] { new { itemCode = "meal", unitPriceFen = 1500L } }, reason = "menu" },
                Json
            ),
            200
        );
        var registration = await ReadAsync(
            await whitelist.PostAsJsonAsync($"/api/providers/{providerId}/terminals", new { model = "POS-1" }, Json),
            201
        );
        var terminalId = registration["terminal"]!["terminalId"]!.GetValue<string>();
        var code = registration["activationCode"]!.GetValue<string>();

        // Settlement learns of the terminal through TerminalRegistered.
        using var anonymous = Services.Settlement.CreateClient();
        JsonNode? activation = null;
        await Eventually.AssertAsync(
            async () =>
            {
                var response = await anonymous.PostAsJsonAsync(
                    "/terminal/v1/activation",
                    new { terminalId, activationCode = code },
                    Json
                );
                if ((int)response.StatusCode != 200)
                {
                    return false;
                }

                activation = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                return true;
            },
            TimeSpan.FromSeconds(30),
            () => $"activation of {terminalId}"
        );
        var key = Convert.FromBase64String(activation!["key"]!.GetValue<string>());
        return new Party
        {
            County = county,
            ElderId = elderId,
            ElderIdNumber = elderIdNumber,
            ElderName = elderName,
            AgentIdNumber = agentIdNumber,
            AgentName = agentName,
            FaceId = faceId,
            CardId = cardId,
            CardNumber = cardNumber,
            ImportId = importId,
            ProviderId = providerId,
            Terminal = new SignedTerminal(Services.Settlement.CreateClient(), terminalId, key),
        };
    }

    /// <summary>Best effort: the settlement core and back office are being written; what fails is recorded in
    /// <see cref="Missing"/>.</summary>
    private async Task MakeSettlementObjectsAsync()
    {
        var v = Values;
        await TryAsync("purchaseId", async () =>
        {
            var key = "setup-" + Guid.NewGuid().ToString("N")[..12];
            JsonNode? answer = null;
            await Eventually.AssertAsync(
                async () =>
                {
                    var body = JsonSerializer.SerializeToUtf8Bytes(
                        new
                        {
                            credential = new { type = "card", value = A.CardNumber },
                            item = "meal",
                            quantity = 1,
                            maxFamilyFen = 100000,
                            occurredAt = DateTimeOffset.UtcNow,
                        },
                        Json
                    );
                    key = "setup-" + Guid.NewGuid().ToString("N")[..12];
                    var response = await A.Terminal.SendAsync(HttpMethod.Post, "/terminal/v1/purchases", body, key);
                    if (!response.IsSuccessStatusCode)
                    {
                        return false;
                    }

                    answer = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                    // Declined while the read models fill up; wait for an approved one.
                    return answer!["status"]?.GetValue<string>() == "approved";
                },
                TimeSpan.FromSeconds(20),
                () => answer?.ToJsonString() ?? "no 2xx"
            );
            v["idempotencyKey"] = key;
            v["receiptNo"] = answer!["receiptNo"]!.GetValue<string>();
            return answer["purchaseId"]!.GetValue<string>();
        });
        if (!v.ContainsKey("idempotencyKey"))
        {
            v["idempotencyKey"] = "unknown-key";
        }

        await TryAsync("visitId", async () =>
        {
            // A check-in by a care worker provider A never registered: refused, but a visit of provider A all the same.
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new
                {
                    credential = new { type = "card", value = A.CardNumber },
                    item = "bath",
                    careWorkerId = Guid.NewGuid().ToString(),
                    location = new { lat = 29.98, lon = 122.20 },
                    occurredAt = DateTimeOffset.UtcNow,
                },
                Json
            );
            var key = "setup-" + Guid.NewGuid().ToString("N")[..12];
            var response = await A.Terminal.SendAsync(HttpMethod.Post, "/terminal/v1/visits", body, key);
            return (await ReadAsync(response, 200))["visitId"]!.GetValue<string>();
        });

        await TryAsync("topUpId", async () =>
        {
            using var bureau = Bureau("settlement", A.County);
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/funds/{A.County}/fiscal/top-ups")
            {
                Content = JsonContent.Create(
                    new
                    {
                        amountFen = 100000000L,
                        village = (string?)null,
                        note = "setup",
                    },
                    options: Json
                ),
            };
            request.Headers.Add("Idempotency-Key", "setup-" + Guid.NewGuid().ToString("N"));
            var created = await ReadAsync(await bureau.SendAsync(request), 201);
            return (created["topUpId"] ?? created["id"])!.GetValue<string>();
        });
        await TryAsync("allocationId", async () =>
        {
            // A proposal of the provincial charity fund over county A (ADR 0038); the matrix approves or rejects it.
            using var province = Services.Settlement.CreateClient(Roles.Province);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/province/charity-fund/allocations")
            {
                Content = JsonContent.Create(new { amountFen = 100L, counties = new[] { A.County } }, options: Json),
            };
            request.Headers.Add("Idempotency-Key", "setup-" + Guid.NewGuid().ToString("N"));
            return (await ReadAsync(await province.SendAsync(request), 201))["allocationId"]!.GetValue<string>();
        });
        await TryAsync("orderId", async () =>
        {
            using var elder = Services.Settlement.CreateClient(Roles.Elder, elder: A.ElderId);
            var created = await ReadAsync(
                await elder.PostAsJsonAsync(
                    "/api/orders",
                    new
                    {
                        elderId = A.ElderId,
                        providerId = A.ProviderId,
                        item = "meal",
                        quantity = 1,
                        note = "setup",
                    },
                    Json
                ),
                201
            );
            return (created["orderId"] ?? created["id"])!.GetValue<string>();
        });
        if (v.TryGetValue("purchaseId", out var purchaseId) && !Missing.ContainsKey("purchaseId"))
        {
            await TryAsync("disputeId", async () =>
            {
                using var provider = Services.Settlement.CreateClient(Roles.Provider, A.County, provider: A.ProviderId);
                var created = await ReadAsync(
                    await provider.PostAsJsonAsync(
                        "/api/statements/disputes",
                        new
                        {
                            purchaseId,
                            claimedFen = 100,
                            reason = "setup",
                        },
                        Json
                    ),
                    201
                );
                return (created["disputeId"] ?? created["id"])!.GetValue<string>();
            });
        }
        else
        {
            v["disputeId"] = Guid.NewGuid().ToString();
            Missing["disputeId"] = "no purchase to dispute";
        }

        await TryAsync("recoveryId", async () =>
        {
            // Proposed by a setup user, so the matrix's bureau caller is another user and may approve it.
            using var bureau = Bureau("settlement", A.County);
            var purchase = v.TryGetValue("purchaseId", out var p)
                ? p
                : throw new InvalidOperationException("no purchase to recover");
            var created = await ReadAsync(
                await bureau.PostAsJsonAsync(
                    "/api/recoveries",
                    new { purchaseIds = new[] { purchase }, reason = "setup" },
                    Json
                ),
                201
            );
            return created["recoveryId"]!.GetValue<string>();
        });
        await TryAsync("reconciliationId", async () =>
        {
            using var provider = Services.Settlement.CreateClient(Roles.Provider, A.County, provider: A.ProviderId);
            var content = new StringContent("idempotencyKey,time,item,amountFen\n", Encoding.UTF8, "text/csv");
            var created = await ReadAsync(
                await provider.PostAsync(
                    $"/api/reconciliations?providerId={A.ProviderId}&period={v["period"]}",
                    content
                ),
                201
            );
            return (created["reconciliationId"] ?? created["summary"]?["reconciliationId"])!.GetValue<string>();
        });
        await TryAsync("anomalyId", async () =>
        {
            var id = await Database.ScalarAsync<Guid?>("settlement", "SELECT anomaly_id FROM anomalies LIMIT 1");
            return id?.ToString() ?? throw new InvalidOperationException("no anomaly raised by the setup purchases");
        });
        await TryAsync("absenceId", async () =>
        {
            using var bureau = Bureau("settlement", A.County);
            var from = new DateTimeOffset(Today.AddDays(-3).ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(8));
            var created = await ReadAsync(
                await bureau.PostAsJsonAsync(
                    "/api/absences",
                    new
                    {
                        elderId = A.ElderId,
                        kind = "away",
                        from,
                        to = from.AddDays(1),
                        reason = "setup",
                    },
                    Json
                ),
                201
            );
            return created["absence"]!["absenceId"]!.GetValue<string>();
        });
        await TryAsync("version", async () =>
        {
            using var bureau = Bureau("eligibility", A.County);
            var created = await ReadAsync(
                await bureau.PostAsJsonAsync($"/api/counties/{A.County}/policies", PolicyBody(Today.AddDays(1)), Json),
                201
            );
            return created["version"]!.ToString();
        });
    }

    public static object PolicyBody(DateOnly effectiveFrom) =>
        JsonNode.Parse(
            PolicyJson.Replace(
                "{tomorrow}",
                effectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                StringComparison.Ordinal
            )
        )!;

    /// <summary>DOMAIN.md §3's default table as a proposal (also the matrix's example body).</summary>
    public const string PolicyJson =
        """{"effectiveFrom":"{tomorrow}","reason":"security test","categories":[{"category":1,"defaultShares":{"fiscalPercent":80,"collectivePercent":15,"charityPercent":5},"itemShares":[],"monthlyCapFiscalFen":30000,"monthlyCapCollectiveFen":10000,"monthlyCapCharityFen":5000},{"category":2,"defaultShares":{"fiscalPercent":30,"collectivePercent":20,"charityPercent":0},"itemShares":[],"monthlyCapFiscalFen":10000,"monthlyCapCollectiveFen":5000,"monthlyCapCharityFen":0},{"category":3,"defaultShares":{"fiscalPercent":0,"collectivePercent":0,"charityPercent":0},"itemShares":[],"monthlyCapFiscalFen":0,"monthlyCapCollectiveFen":0,"monthlyCapCharityFen":0}]}""";

    private async Task TryAsync(string name, Func<Task<string>> make)
    {
        try
        {
            Values[name] = await make();
        }
        catch (Exception e)
        {
            Values[name] = name == "version" ? "1" : Guid.NewGuid().ToString();
            Missing[name] = e.Message.Length > 300 ? e.Message[..300] : e.Message;
        }
    }

    /// <summary>Asserts the status and returns the body as text (CSV answers).</summary>
    public static async Task<string> TextAsync(HttpResponseMessage response, int expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expected)
        {
            throw new AssertionException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected "
                    + $"{expected}, got {(int)response.StatusCode}: {text}"
            );
        }

        return text;
    }

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, int expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expected)
        {
            throw new AssertionException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected "
                    + $"{expected}, got {(int)response.StatusCode}: {text}"
            );
        }

        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    public static async Task<long> CountAsync(string schema, string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(schema);
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }
}
