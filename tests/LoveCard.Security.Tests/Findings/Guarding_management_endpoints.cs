using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Observability;
using LoveCard.Whitelist;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace LoveCard.Security.Findings;

/// <summary>
/// Finding S-8: <c>/metrics</c>, <c>/docs</c> and <c>/openapi</c> answered anyone in Production. Now
/// they answer on a separate management port when one is configured (and nothing else answers
/// there but health), otherwise only to a signed-in province or auditor. Finding S-12 rides along:
/// a real (Production) service has MassTransit's usage telemetry off.
/// </summary>
public sealed class Guarding_management_endpoints
{
    private static readonly string[] ManagementPaths = ["/metrics", "/openapi/v1.json", "/docs"];
    private readonly int _managementPort = FreePort();
    private ServiceHost _production = null!;
    private ServiceHost _withPort = null!;

    private static Dictionary<string, string?> Production(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            // Never contacted: no request here carries a token, so no key is ever fetched from it.
            ["Auth:Authority"] = "https://identity.lovecard.example",
            ["PersonalData:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["PersonalData:EncryptionKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["PersonalData:CurrentEncryptionKeyId"] = "k1",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _production = await ServiceHost.StartAsync(WhitelistApp.Create, Production());
        _withPort = await ServiceHost.StartAsync(
            WhitelistApp.Create,
            Production(("Management:Urls", $"http://127.0.0.1:{_managementPort}"))
        );
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _production.DisposeAsync();
        await _withPort.DisposeAsync();
    }

    [Test]
    public async Task In_production_they_need_a_sign_in_and_health_does_not()
    {
        using var anonymous = _production.CreateClient();

        foreach (var path in ManagementPaths)
        {
            using var answer = await anonymous.GetAsync(path);
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        }

        using var ready = await anonymous.GetAsync("/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task With_a_management_port_they_answer_there_only()
    {
        // The service listens on two ports; its own is the one that is not the management port.
        var own = _withPort.App.Urls.Single(u => !u.EndsWith($":{_managementPort}", StringComparison.Ordinal));
        using var service = new HttpClient { BaseAddress = new Uri(own) };
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort}") };

        foreach (var path in ManagementPaths.Take(2))
        {
            using var onService = await service.GetAsync(path);
            using var onManagement = await management.GetAsync(path);
            Assert.That(onService.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{path} on the service's port");
            Assert.That(onManagement.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path} on the management port");
        }

        using var api = await management.GetAsync("/api/providers");
        using var health = await management.GetAsync("/health/live");
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the management port serves no API");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(Roles.Province, null, TestName = "The province may read them")]
    [TestCase(Roles.Auditor, null, TestName = "An auditor may read them")]
    [TestCase(Roles.Bureau, 403, TestName = "A bureau may not")]
    [TestCase(Roles.Provider, 403, TestName = "A provider may not")]
    [TestCase(null, 401, TestName = "Nobody signed in may not")]
    public void Without_a_management_port_only_the_province_and_auditors_read_them(string? role, int? refusal)
    {
        var production = new HostingEnvironment { EnvironmentName = "Production" };
        var gate = new ManagementEndpoints(new ConfigurationBuilder().Build(), production);
        var context = new DefaultHttpContext();
        context.Request.Path = "/metrics";
        context.User = role is null
            ? new ClaimsPrincipal(new ClaimsIdentity())
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(LoveCardClaims.Role, role)], "Bearer"));

        Assert.That(gate.Refusal(context), Is.EqualTo(refusal));
    }

    [Test]
    public void MassTransit_sends_no_usage_telemetry()
    {
        Assert.That(_production.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled, Is.False);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
