using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LoveCard.Platform.Tests;

/// <summary>What every service answers through the shared hosting: health, OpenAPI, metrics, problems, auth.</summary>
[TestFixture]
public sealed class Serving_http
{
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = "probe_http" }
        );

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task Readiness_covers_the_database_and_the_broker()
    {
        using var client = _host.CreateClient();
        var body = await client.GetFromJsonAsync<JsonElement>("/health/ready");
        var checks = body.GetProperty("checks");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.TryGetProperty("database", out _), Is.True);
            Assert.That(
                checks.EnumerateObject().Any(c => c.Name.Contains("masstransit", StringComparison.OrdinalIgnoreCase)),
                Is.True,
                checks.ToString()
            );
        });
    }

    [Test]
    public async Task The_OpenAPI_document_and_its_page_are_served()
    {
        using var client = _host.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.That(document.GetProperty("openapi").GetString(), Does.StartWith("3."));
        var page = await client.GetAsync("/docs");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Metrics_include_the_outbox_and_http_series()
    {
        using var client = _host.CreateClient();
        await client.GetAsync("/health/live");
        await Eventually.AssertAsync(async () =>
        {
            var text = await client.GetStringAsync("/metrics");
            return text.Contains("lovecard_outbox_backlog", StringComparison.Ordinal)
                && text.Contains("http_request_duration_seconds", StringComparison.Ordinal);
        });
    }

    [Test]
    public async Task A_people_endpoint_without_a_token_answers_a_401_problem_with_a_code()
    {
        using var client = _host.CreateClient();
        var response = await client.GetAsync("/probe/whoami");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("unauthenticated"));
    }

    [Test]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var client = _host.CreateClient();
        var forged = LoveCard.Hosting.Auth.DevTokens.Mint(
            new LoveCard.Hosting.Auth.AuthOptions { SigningKey = new string('x', 64) },
            "province"
        );
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer",
            forged
        );
        var response = await client.GetAsync("/probe/whoami");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_valid_token_reaches_the_endpoint_with_its_claims()
    {
        using var client = _host.CreateClient("bureau", county: "330903");
        var body = await client.GetFromJsonAsync<JsonElement>("/probe/whoami");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("role").GetString(), Is.EqualTo("bureau"));
            Assert.That(body.GetProperty("county").GetString(), Is.EqualTo("330903"));
        });
    }

    [Test]
    public async Task An_unknown_path_answers_a_404_problem_and_echoes_the_correlation_id()
    {
        using var client = _host.CreateClient();
        var correlationId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/thing");
        request.Headers.Add("X-Correlation-Id", correlationId);
        var response = await client.SendAsync(request);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Headers.GetValues("X-Correlation-Id").Single(), Is.EqualTo(correlationId));
            Assert.That(
                (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(),
                Is.EqualTo("not_found")
            );
        });
    }
}
