using System.Net;
using System.Net.Sockets;
using LoveCard.Cards;
using LoveCard.Eligibility;
using LoveCard.Identity;
using LoveCard.Settlement;
using LoveCard.Whitelist;

namespace LoveCard.Identity.Tests;

/// <summary>
/// The identity service and the four services started once in this process, the four validating
/// tokens through <c>Auth:Authority</c> = the in-process identity (discovery and JWKS over HTTP).
/// Identity listens on a port chosen here, because its issuer must be known before it starts.
/// </summary>
[SetUpFixture]
public sealed class Hosts
{
    public const string MachineClientId = "test-operator-tool";
    public const string MachineClientSecret = "test-operator-tool-secret-0123456789";

    private static ServiceHost? _identity;
    private static readonly Dictionary<string, ServiceHost> Started = [];

    public static ServiceHost Identity => _identity ?? throw new InvalidOperationException("Not started.");

    public static IReadOnlyDictionary<string, ServiceHost> Services => Started;

    public static Uri Issuer { get; private set; } = new("http://127.0.0.1/");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var port = FreePort();
        Issuer = new Uri($"http://127.0.0.1:{port}/");
        _identity = await ServiceHost.StartAsync(
            IdentityApp.Create,
            new Dictionary<string, string?>
            {
                ["urls"] = Issuer.AbsoluteUri.TrimEnd('/'),
                ["environment"] = "Development",
                ["Identity:Issuer"] = Issuer.AbsoluteUri,
                ["Identity:MachineClients:0:ClientId"] = MachineClientId,
                ["Identity:MachineClients:0:ClientSecret"] = MachineClientSecret,
                ["Identity:MachineClients:0:Role"] = "province",
                ["Identity:SignIn:SmsOutboxFile"] = Path.Combine(
                    Path.GetTempPath(),
                    $"lovecard-identity-tests-{Guid.NewGuid():N}",
                    "sms.log"
                ),
            }
        );
        await Eventually.AssertAsync(
            async () =>
            {
                using var client = _identity.CreateClient();
                return (await client.GetAsync("/.well-known/openid-configuration")).IsSuccessStatusCode;
            },
            TimeSpan.FromSeconds(60),
            () => "identity's discovery document"
        );

        // One at a time: on two cores, parallel start-ups only make each slower.
        var authority = new Dictionary<string, string?>
        {
            ["Auth:Authority"] = Issuer.AbsoluteUri.TrimEnd('/'),
            ["environment"] = "Development",
        };
        Started["cards"] = await ServiceHost.StartAsync(CardsApp.Create, authority);
        Started["eligibility"] = await ServiceHost.StartAsync(EligibilityApp.Create, authority);
        Started["whitelist"] = await ServiceHost.StartAsync(WhitelistApp.Create, authority);
        Started["settlement"] = await ServiceHost.StartAsync(
            SettlementApp.Create,
            new Dictionary<string, string?>(authority)
            {
                ["Cards:BaseUrl"] = Started["cards"].BaseAddress.ToString().TrimEnd('/'),
            }
        );
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var host in Started.Values.Reverse())
        {
            await host.DisposeAsync();
        }

        if (_identity is not null)
        {
            await _identity.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
