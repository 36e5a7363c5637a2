using LoveCard.Cards;
using LoveCard.Console;
using LoveCard.Demo;
using LoveCard.Eligibility;
using LoveCard.Settlement;
using LoveCard.Terminal;
using LoveCard.Whitelist;

namespace LoveCard.Console.Tests.Harness;

/// <summary>
/// The whole system the browser journeys run against, started once for the assembly: the four
/// services in this process (a schema each in this assembly's test database, one vhost), the demo
/// county seeded through their APIs, and the console on a free port, pointing at them.
/// </summary>
public sealed class ConsoleSystem : IAsyncDisposable
{
    private ConsoleSystem(
        ServiceHost cards,
        ServiceHost eligibility,
        ServiceHost whitelist,
        ServiceHost settlement,
        ServiceHost console,
        Seeder seeder,
        string runDirectory
    )
    {
        Cards = cards;
        Eligibility = eligibility;
        Whitelist = whitelist;
        Settlement = settlement;
        Console = console;
        Seeder = seeder;
        RunDirectory = runDirectory;
    }

    public ServiceHost Cards { get; }

    public ServiceHost Eligibility { get; }

    public ServiceHost Whitelist { get; }

    public ServiceHost Settlement { get; }

    public ServiceHost Console { get; }

    /// <summary>What the demo seed made (cards by roster number, provider ids by terminal).</summary>
    public Seeder Seeder { get; }

    public string RunDirectory { get; }

    public Uri ConsoleUrl => Console.BaseAddress;

    public static async Task<ConsoleSystem> StartAsync()
    {
        var started = await Task.WhenAll(
            ServiceHost.StartAsync(CardsApp.Create),
            ServiceHost.StartAsync(EligibilityApp.Create),
            ServiceHost.StartAsync(WhitelistApp.Create)
        );
        var settlement = await ServiceHost.StartAsync(
            SettlementApp.Create,
            new Dictionary<string, string?> { ["Cards:BaseUrl"] = started[0].BaseAddress.ToString().TrimEnd('/') }
        );
        var run = Path.Combine(Path.GetTempPath(), $"lovecard-console-{Guid.NewGuid():N}");
        var options = new DemoOptions
        {
            CardsUrl = started[0].BaseAddress,
            EligibilityUrl = started[1].BaseAddress,
            WhitelistUrl = started[2].BaseAddress,
            SettlementUrl = settlement.BaseAddress,
            RunDirectory = run,
            WaitTimeout = TimeSpan.FromSeconds(90),
        };
        var seeder = new Seeder(options, TextWriter.Null);
        await seeder.SeedAsync();
        var console = await ServiceHost.StartAsync(
            ConsoleApp.Create,
            new Dictionary<string, string?>
            {
                ["Services:Cards"] = started[0].BaseAddress.ToString(),
                ["Services:Eligibility"] = started[1].BaseAddress.ToString(),
                ["Services:Whitelist"] = started[2].BaseAddress.ToString(),
                ["Services:Settlement"] = settlement.BaseAddress.ToString(),
                ["Console:DevSignIn"] = "true",
            }
        );
        return new ConsoleSystem(started[0], started[1], started[2], settlement, console, seeder, run);
    }

    /// <summary>A terminal client with the key file the demo seeder saved.</summary>
    public TerminalClient Terminal(string terminalId) =>
        TerminalClient.Create(
            new TerminalClientOptions { ServerUrl = Settlement.BaseAddress },
            TerminalKeyFile.Load(Path.Combine(RunDirectory, "terminals", $"{terminalId}.json"))
        );

    public async ValueTask DisposeAsync()
    {
        await Console.DisposeAsync();
        await Settlement.DisposeAsync();
        await Task.WhenAll(
            Cards.DisposeAsync().AsTask(),
            Eligibility.DisposeAsync().AsTask(),
            Whitelist.DisposeAsync().AsTask()
        );
        Seeder.Dispose();
        if (Directory.Exists(RunDirectory))
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
    }
}
