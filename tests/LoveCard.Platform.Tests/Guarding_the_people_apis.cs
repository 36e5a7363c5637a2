using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoveCard.Platform.Tests;

[TestFixture]
public sealed class Guarding_the_people_apis
{
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?>
            {
                ["Database:Schema"] = "probe_guard",
                ["RateLimits:PerIpTokensPerSecond"] = "1",
                ["RateLimits:PerIpBurst"] = "5",
            }
        );

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_client_over_its_per_ip_limit_gets_a_429_problem_with_retry_after()
    {
        using var client = _host.CreateClient("province");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 12 && limited is null; i++)
        {
            var response = await client.GetAsync("/api/probe/ping");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.That(limited, Is.Not.Null, $"no 429 among {string.Join(", ", statuses)}");
        var problem = await limited!.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(statuses.Take(5), Has.All.EqualTo(HttpStatusCode.OK), "the burst is allowed");
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("rate_limited"));
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        });
        using var health = _host.CreateClient();
        Assert.That(
            (await health.GetAsync("/health/live")).StatusCode,
            Is.EqualTo(HttpStatusCode.OK),
            "health is not limited"
        );
    }

    [Test]
    public async Task A_nul_character_in_a_text_field_is_a_400_and_stores_nothing()
    {
        await Task.Delay(TimeSpan.FromSeconds(6)); // let the small bucket refill after the other test
        using var client = _host.CreateClient();
        var response = await client.PostAsync(
            "/api/probe/notes",
            new StringContent("{\"text\":\"x\\u0000y\"}", Encoding.UTF8, "application/json")
        );
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        await using var connection = await _host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("invalid_text"));
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM probe_notes"), Is.Zero);
        });
    }

    [Test]
    public async Task The_OpenAPI_document_declares_bearer_tokens_for_the_people_apis()
    {
        using var client = _host.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var ping = document.GetProperty("paths").GetProperty("/api/probe/ping").GetProperty("get");
        Assert.Multiple(() =>
        {
            Assert.That(schemes.GetProperty("bearer").GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
            Assert.That(ping.GetProperty("security")[0].TryGetProperty("bearer", out _), Is.True, ping.ToString());
        });
    }
}
