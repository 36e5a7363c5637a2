using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Testing;
using LoveCard.Whitelist.Providers;
using Microsoft.Extensions.Time.Testing;

namespace LoveCard.Whitelist.Tests;

/// <summary>
/// One whitelist service for the whole run (starting one takes seconds), on a fake clock that starts
/// at the real time. Tests keep apart by using their own counties and providers.
/// </summary>
public static class WhitelistService
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ServiceHost? _host;
    private static int _county = Random.Shared.Next(100, 899) * 1000;
    private static long _code = Random.Shared.NextInt64(10_000_000, 80_000_000);

    public static readonly FakeTimeProvider Clock = new(DateTimeOffset.UtcNow);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DateOnly Today => Shanghai.Today(Clock);

    public static async Task<ServiceHost> HostAsync()
    {
        await Gate.WaitAsync();
        try
        {
            // ServiceHost leaves the environment unset, i.e. Production, where the platform refuses the
            // development signing key the test tokens use; the tests run as Development.
            return _host ??= await ServiceHost.StartAsync(
                WhitelistApp.Create,
                new Dictionary<string, string?> { ["environment"] = "Development" },
                Clock
            );
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

    /// <summary>A county no other test uses, registered in the county register (ADR 0036), which the host's
    /// migrations make: the host is started first.</summary>
    public static string NewCounty()
    {
        HostAsync().GetAwaiter().GetResult();
        return TestCounties.Register(
            Interlocked.Increment(ref _county).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)
        );
    }

    /// <summary>A valid unified social credit code no other test uses (the check characters computed by the rule under
    /// test, which its unit tests pin to real codes).</summary>
    public static string NewCode()
    {
        var body =
            "5233"
            + "0100"
            + Interlocked.Increment(ref _code).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        var first17 = body + UnifiedSocialCreditCode.OrganisationCheckCharacter(body.AsSpan(8, 8));
        return first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
    }

    public static async Task<HttpClient> BureauAsync(string county) =>
        (await HostAsync()).CreateClient(Roles.Bureau, county, subject: $"bureau-user-{county}");

    public static async Task<HttpClient> ProviderClientAsync(Guid provider) =>
        (await HostAsync()).CreateClient(Roles.Provider, provider: provider);

    public static async Task<HttpClient> ClientAsync(string role, string? county = null, Guid? provider = null) =>
        (await HostAsync()).CreateClient(role, county, provider);

    public static object ProviderBody(
        string county,
        string? code = null,
        string type = "meal_firm",
        DateOnly? contractEnd = null
    ) =>
        new
        {
            unifiedCode = code ?? NewCode(),
            name = "Lishui Sunshine Canteen",
            providerType = type,
            county,
            address = "1 Renmin Road",
            contactName = "王小华",
            contactPhone = "13812345678",
            admissionRoute = "government_purchase",
            contractStart = Today.AddDays(-30),
            contractEnd = contractEnd ?? Today.AddYears(1),
        };

    public static async Task<Guid> CreateProviderAsync(
        string county,
        string type = "meal_firm",
        DateOnly? contractEnd = null
    )
    {
        using var bureau = await BureauAsync(county);
        var response = await bureau.PostAsJsonAsync(
            "/api/providers",
            ProviderBody(county, type: type, contractEnd: contractEnd),
            Json
        );
        var body = await ReadAsync(response, HttpStatusCode.Created);
        return body["id"]!.GetValue<Guid>();
    }

    public static async Task<Guid> WhitelistedProviderAsync(
        string county,
        string type = "meal_firm",
        DateOnly? contractEnd = null
    )
    {
        var id = await CreateProviderAsync(county, type, contractEnd);
        using var bureau = await BureauAsync(county);
        await ReadAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/whitelist",
                new { reason = "passed admission review" },
                Json
            ),
            HttpStatusCode.OK
        );
        return id;
    }

    public static async Task SetStandardAsync(string county, params (string Item, long CeilingFen)[] items)
    {
        using var bureau = await BureauAsync(county);
        var response = await bureau.PutAsJsonAsync(
            $"/api/counties/{county}/price-standards",
            new
            {
                reason = "2025 standard",
                items = items.Select(i => new
                {
                    itemCode = i.Item,
                    name = i.Item == "haircut" ? "理发" : null,
                    unit = "次",
                    ceilingFen = i.CeilingFen,
                }),
            },
            Json
        );
        await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(
            response.StatusCode,
            Is.EqualTo(expected),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {text}"
        );
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    /// <summary>Asserts an RFC 9457 problem with the status and stable code.</summary>
    public static async Task<JsonNode> ProblemAsync(
        HttpResponseMessage response,
        HttpStatusCode expected,
        string code,
        string? field = null
    )
    {
        var body = await ReadAsync(response, expected);
        Assert.That(body["code"]?.GetValue<string>(), Is.EqualTo(code), body.ToJsonString());
        if (field is not null)
        {
            Assert.That(body["field"]?.GetValue<string>(), Is.EqualTo(field), body.ToJsonString());
        }

        return body;
    }

    public static async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        var host = await HostAsync();
        return await Database.ScalarAsync<T>(host.Schema, sql, parameters);
    }

    /// <summary>The outbox rows of one aggregate and event type, oldest first: what the service publishes.</summary>
    public static async Task<IReadOnlyList<JsonNode>> OutboxAsync(string aggregateId, string eventType)
    {
        var host = await HostAsync();
        await using var connection = await Database.OpenAsync(host.Schema);
        var bodies = await connection.QueryAsync<string>(
            "SELECT body::text FROM outbox WHERE aggregate_id = @aggregateId AND message_type = @type ORDER BY id",
            new { aggregateId, type = $"LoveCard.Contracts.Whitelist.{eventType}" }
        );
        return bodies.Select(b => JsonNode.Parse(b)!).ToArray();
    }
}
