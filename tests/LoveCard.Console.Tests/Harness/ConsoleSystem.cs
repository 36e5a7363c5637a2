using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoveCard.Cards;
using LoveCard.Demo;
using LoveCard.Demo.Accounts;
using LoveCard.Eligibility;
using LoveCard.Identity;
using LoveCard.Settlement;
using LoveCard.Terminal;
using LoveCard.Whitelist;

namespace LoveCard.Console.Tests.Harness;

/// <summary>
/// The whole system the browser journeys run against, started once for the assembly: identity (the
/// OpenID Connect server the console signs people in through), the four services validating its
/// tokens, the demo county and its accounts seeded through their APIs, and the console. Identity and
/// the console listen on ports chosen here, because each must know the other's address first.
/// </summary>
public sealed class ConsoleSystem : IAsyncDisposable
{
    public const string DemoClientId = "lovecard-demo";
    public const string DemoClientSecret = "lovecard-demo-development-secret-for-tests";

    private readonly List<ServiceHost> _hosts;

    private ConsoleSystem(
        List<ServiceHost> hosts,
        Seeder seeder,
        string runDirectory,
        IReadOnlyDictionary<string, Person> people
    )
    {
        _hosts = hosts;
        Seeder = seeder;
        RunDirectory = runDirectory;
        People = people;
    }

    public ServiceHost Identity => _hosts[0];

    public ServiceHost Cards => _hosts[1];

    public ServiceHost Eligibility => _hosts[2];

    public ServiceHost Whitelist => _hosts[3];

    public ServiceHost Settlement => _hosts[4];

    public ServiceHost Console => _hosts[5];

    /// <summary>What the demo seed made (cards by roster number, provider ids by terminal).</summary>
    public Seeder Seeder { get; }

    /// <summary>The demo's people by user name, with their passwords and TOTP secrets.</summary>
    public IReadOnlyDictionary<string, Person> People { get; }

    public string RunDirectory { get; }

    public Uri ConsoleUrl => Console.BaseAddress;

    public static async Task<ConsoleSystem> StartAsync()
    {
        var issuer = new Uri($"http://127.0.0.1:{FreePort()}/");
        var consoleUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
        var run = Path.Combine(Path.GetTempPath(), $"lovecard-console-{Guid.NewGuid():N}");
        var identity = await ServiceHost.StartAsync(
            IdentityApp.Create,
            new Dictionary<string, string?>
            {
                ["urls"] = issuer.AbsoluteUri.TrimEnd('/'),
                ["Identity:Issuer"] = issuer.AbsoluteUri,
                ["Identity:Console:RedirectUris:0"] = new Uri(consoleUrl, "signin-oidc").AbsoluteUri,
                ["Identity:Console:PostLogoutRedirectUris:0"] = new Uri(
                    consoleUrl,
                    "signout-callback-oidc"
                ).AbsoluteUri,
                ["Identity:Bootstrap:UserName"] = DemoAccounts.ProvinceAdmin,
                ["Identity:Bootstrap:Password"] = DemoAccounts.ProvinceAdminPassword,
                ["Identity:Bootstrap:MustChangePassword"] = "false",
                ["Identity:MachineClients:0:ClientId"] = DemoClientId,
                ["Identity:MachineClients:0:ClientSecret"] = DemoClientSecret,
                ["Identity:MachineClients:0:Role"] = "province",
                ["Identity:SignIn:SmsOutboxFile"] = Path.Combine(run, "sms.log"),
            }
        );
        var authority = new Dictionary<string, string?> { ["Auth:Authority"] = issuer.AbsoluteUri.TrimEnd('/') };
        var started = await Task.WhenAll(
            ServiceHost.StartAsync(CardsApp.Create, authority),
            ServiceHost.StartAsync(EligibilityApp.Create, authority),
            ServiceHost.StartAsync(WhitelistApp.Create, authority)
        );
        var settlement = await ServiceHost.StartAsync(
            SettlementApp.Create,
            new Dictionary<string, string?>(authority)
            {
                ["Cards:BaseUrl"] = started[0].BaseAddress.ToString().TrimEnd('/'),
            }
        );
        var options = new DemoOptions
        {
            CardsUrl = started[0].BaseAddress,
            EligibilityUrl = started[1].BaseAddress,
            WhitelistUrl = started[2].BaseAddress,
            SettlementUrl = settlement.BaseAddress,
            IdentityUrl = issuer,
            IdentityClientId = DemoClientId,
            IdentityClientSecret = DemoClientSecret,
            RunDirectory = run,
            WaitTimeout = TimeSpan.FromSeconds(90),
        };
        var seeder = new Seeder(options, TextWriter.Null);
        await SeedAsync(seeder);
        var people = await PeopleAsync(options, seeder);
        var console = await ServiceHost.StartAsync(
            ConsoleApp.Create,
            new Dictionary<string, string?>
            {
                ["urls"] = consoleUrl.AbsoluteUri.TrimEnd('/'),
                ["Services:Cards"] = started[0].BaseAddress.ToString(),
                ["Services:Eligibility"] = started[1].BaseAddress.ToString(),
                ["Services:Whitelist"] = started[2].BaseAddress.ToString(),
                ["Services:Settlement"] = settlement.BaseAddress.ToString(),
                ["Oidc:Authority"] = issuer.AbsoluteUri.TrimEnd('/'),
            }
        );
        return new ConsoleSystem([identity, .. started, settlement, console], seeder, run, people);
    }

    /// <summary>
    /// The seed is idempotent: on a machine loaded by other test runs a service may answer 503 for a
    /// moment (its database calls time out), so a failed seed is tried again, twice at most.
    /// </summary>
    private static async Task SeedAsync(Seeder seeder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await seeder.SeedAsync();
                return;
            }
            catch (DemoStepException e) when (attempt < 3 && e.Message.Contains("503", StringComparison.Ordinal))
            {
                await TestContext.Progress.WriteLineAsync($"demo seed, attempt {attempt}: {e.Message}; again in 5 s");
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        }
    }

    /// <summary>The demo's accounts as the seed left them, and a clerk of the neighbour county made here.</summary>
    private static async Task<Dictionary<string, Person>> PeopleAsync(DemoOptions options, Seeder seeder)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(options.RunDirectory, "demo-accounts.json"));
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var accounts = JsonSerializer.Deserialize<List<DemoAccount>>(json, web)!;
        var people = new Dictionary<string, Person>();
        foreach (var a in accounts.Where(a => a.Password is not null))
        {
            // accountant-N keeps the books of the demo's N-th provider.
            var provider = a.UserName.StartsWith("accountant-", StringComparison.Ordinal)
                ? seeder.ProviderIds[DemoCounty.Providers[AccountantNumber(a.UserName) - 1].TerminalId]
                : (Guid?)null;
            people[a.UserName] = new Person(a.UserName, a.Password!, a.TotpSecret, a.AccountRole, null, provider);
            if (a.TotpSecret is { } secret)
            {
                Totps.Spent(secret);
            }
        }

        people[Journeys.People.NeighbourClerk] = await NeighbourClerkAsync(options);
        return people;
    }

    private static int AccountantNumber(string userName) =>
        int.Parse(userName["accountant-".Length..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A bureau clerk of 330902, made through identity's accounts API and signed in once (password set,
    /// TOTP enrolled).
    /// </summary>
    private static async Task<Person> NeighbourClerkAsync(DemoOptions options)
    {
        using var browser = new SignInBrowser(options.IdentityUrl!);
        var token = (
            await browser.TokenAsync(
                new()
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = DemoClientId,
                    ["client_secret"] = DemoClientSecret,
                    ["scope"] = "lovecard",
                }
            )
        ).AccessToken;
        using var http = new HttpClient { BaseAddress = options.IdentityUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var userName = Journeys.People.NeighbourClerk;
        using var response = await http.PostAsJsonAsync(
            "/api/accounts",
            new
            {
                accountRole = "bureau_clerk",
                userName,
                displayName = "330902 经办人",
                county = DemoCounty.Neighbour,
                reason = "console tests",
            }
        );
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"identity refused the 330902 clerk: {(int)response.StatusCode} {body}"
            );
        }

        const string password = "Ding-Hai-330902!ok";
        var signedIn = await browser.SignInStaffAsync(userName, body["initialPassword"]!.GetValue<string>(), password);
        if (signedIn.Outcome != SignInBrowser.Outcome.SignedIn || signedIn.TotpSecret is not { } secret)
        {
            throw new InvalidOperationException($"the 330902 clerk's first sign-in ended {signedIn.Outcome}");
        }

        Totps.Spent(secret);
        return new Person(userName, password, secret, "bureau_clerk", DemoCounty.Neighbour);
    }

    /// <summary>A terminal client with the key file the demo seeder saved.</summary>
    public TerminalClient Terminal(string terminalId) =>
        TerminalClient.Create(
            new TerminalClientOptions { ServerUrl = Settlement.BaseAddress },
            TerminalKeyFile.Load(Path.Combine(RunDirectory, "terminals", $"{terminalId}.json"))
        );

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        Seeder.Dispose();
        if (Directory.Exists(RunDirectory))
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
