using LoveCard.Cards;
using LoveCard.Eligibility;
using LoveCard.Identity;
using LoveCard.Settlement;
using LoveCard.Whitelist;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoveCard.Security.Tests;

/// <summary>
/// The five services started once in this process against this assembly's database
/// (<c>lovecard_test_security_tests</c>) and vhost (<c>lovecard-test-security-tests</c>), with every
/// log line they write captured in <see cref="Logs"/> for the personal-data scan.
/// </summary>
[SetUpFixture]
public sealed class Services
{
    private static ServiceHost? _cards;
    private static ServiceHost? _eligibility;
    private static ServiceHost? _whitelist;
    private static ServiceHost? _settlement;
    private static ServiceHost? _identity;

    public static CapturedLogs Logs { get; } = new();

    public static ServiceHost Cards => _cards ?? throw NotStarted();

    public static ServiceHost Eligibility => _eligibility ?? throw NotStarted();

    public static ServiceHost Whitelist => _whitelist ?? throw NotStarted();

    public static ServiceHost Settlement => _settlement ?? throw NotStarted();

    public static ServiceHost Identity => _identity ?? throw NotStarted();

    /// <summary>By the name used in the matrix table and the service definitions.</summary>
    public static IReadOnlyDictionary<string, ServiceHost> ByName =>
        new Dictionary<string, ServiceHost>
        {
            ["cards"] = Cards,
            ["eligibility"] = Eligibility,
            ["whitelist"] = Whitelist,
            ["settlement"] = Settlement,
            ["identity"] = Identity,
        };

    private static readonly string QrKeyFile = Path.Combine(
        Path.GetTempPath(),
        $"lovecard-security-tests-{Guid.NewGuid():N}",
        "qr-keys.json"
    );

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await TestInfrastructure.EnsureReadyAsync();
        // One at a time: five migrations and five buses at once on two cores only make start-up slower.
        // Identity first, so its queues exist before the world's elders and providers are made.
        _identity = await StartAsync("identity", IdentityApp.Create, []);
        _cards = await StartAsync("cards", CardsApp.Create, new() { ["Qr:KeyFile"] = QrKeyFile });
        _eligibility = await StartAsync("eligibility", EligibilityApp.Create, []);
        _whitelist = await StartAsync("whitelist", WhitelistApp.Create, []);
        _settlement = await StartAsync(
            "settlement",
            SettlementApp.Create,
            new()
            {
                ["Cards:BaseUrl"] = _cards.BaseAddress.ToString().TrimEnd('/'),
                // The fuzz and matrix tests send hundreds of requests from one terminal and one address.
                ["Terminal:RateLimit:TerminalTokensPerSecond"] = "10000",
                ["Terminal:RateLimit:TerminalBurst"] = "10000",
                ["Terminal:RateLimit:UnsignedTokensPerSecond"] = "10000",
                ["Terminal:RateLimit:UnsignedBurst"] = "10000",
                ["Terminal:RateLimit:FailedPerTerminalBurst"] = "10000",
                ["Terminal:RateLimit:FailedPerAddressBurst"] = "10000",
            }
        );
        // The OpenAPI tools need only the documents: they run beside the other tests from now (ADR 0053).
        OpenApiLint.ToolRuns.Start();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await OpenApiLint.ToolRuns.StopAsync();
        foreach (var host in new[] { _settlement, _whitelist, _eligibility, _cards, _identity })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        var dir = Path.GetDirectoryName(QrKeyFile)!;
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<ServiceHost> StartAsync(
        string name,
        Func<string[], Action<WebApplicationBuilder>?, WebApplication> create,
        Dictionary<string, string?> settings
    )
    {
        // ServiceHost's default is Production, where the development keys the test tokens use are refused.
        settings["environment"] = "Development";
        return ServiceHost.StartAsync(create, settings, configure: builder =>
        {
            // Added after the platform's ClearProviders (Create calls configure after AddLoveCardDefaults),
            // so it sees exactly what the JSON console logger sees, at the same levels.
            builder.Services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(name, Logs));
        });
    }

    private static InvalidOperationException NotStarted() => new("The services are not started.");
}
