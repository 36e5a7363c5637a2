using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Cards;
using LoveCard.Demo;
using LoveCard.Eligibility;
using LoveCard.Settlement;
using LoveCard.Terminal;
using LoveCard.Whitelist;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.EndToEnd.Tests;

/// <summary>
/// The four services started in this process, each in its own schema of this assembly's test
/// database, all on the one vhost, so every event really crosses RabbitMQ. Settlement runs on a
/// <see cref="ShiftedClock"/> and fetches QR keys from this cards host.
/// </summary>
public sealed class LoveCardSystem : IAsyncDisposable
{
    private LoveCardSystem(
        ServiceHost cards,
        ServiceHost eligibility,
        ServiceHost whitelist,
        ServiceHost settlement,
        ShiftedClock clock,
        string runDirectory
    )
    {
        Cards = cards;
        Eligibility = eligibility;
        Whitelist = whitelist;
        Settlement = settlement;
        Clock = clock;
        RunDirectory = runDirectory;
    }

    public ServiceHost Cards { get; }

    public ServiceHost Eligibility { get; }

    public ServiceHost Whitelist { get; }

    public ServiceHost Settlement { get; }

    public ShiftedClock Clock { get; }

    /// <summary>Where the demo seeder keeps the terminal key files (a temporary directory).</summary>
    public string RunDirectory { get; }

    public static async Task<LoveCardSystem> StartAsync()
    {
        var clock = new ShiftedClock();
        var started = await Task.WhenAll(
            ServiceHost.StartAsync(CardsApp.Create),
            ServiceHost.StartAsync(EligibilityApp.Create),
            ServiceHost.StartAsync(WhitelistApp.Create)
        );
        var settlement = await ServiceHost.StartAsync(
            SettlementApp.Create,
            new Dictionary<string, string?>
            {
                ["Cards:BaseUrl"] = started[0].BaseAddress.ToString().TrimEnd('/'),
                // The suite polls inquiries while it waits for events: more than a real terminal's burst.
                ["Terminal:RateLimit:TerminalTokensPerSecond"] = "1000",
                ["Terminal:RateLimit:TerminalBurst"] = "1000",
            },
            configure: builder => builder.Services.AddSingleton<TimeProvider>(clock)
        );
        var run = Path.Combine(Path.GetTempPath(), $"lovecard-e2e-{Guid.NewGuid():N}");
        return new LoveCardSystem(started[0], started[1], started[2], settlement, clock, run);
    }

    public DemoOptions DemoOptions(bool purchases = true) =>
        new()
        {
            CardsUrl = Cards.BaseAddress,
            EligibilityUrl = Eligibility.BaseAddress,
            WhitelistUrl = Whitelist.BaseAddress,
            SettlementUrl = Settlement.BaseAddress,
            RunDirectory = RunDirectory,
            Time = Clock,
            WaitTimeout = TimeSpan.FromSeconds(60),
            Purchases = purchases,
        };

    /// <summary>A terminal client with the key file the demo seeder saved, signing with settlement's clock.</summary>
    public TerminalClient Terminal(string terminalId) =>
        TerminalClient.Create(
            new TerminalClientOptions { ServerUrl = Settlement.BaseAddress, Time = Clock },
            TerminalKeyFile.Load(DemoOptions().KeyFile(terminalId))
        );

    public HttpClient Bureau(ServiceHost host, string county = DemoCounty.Home, string user = "e2e") =>
        host.CreateClient("bureau", county, subject: $"e2e-bureau-{county}-{user}");

    public async ValueTask DisposeAsync()
    {
        await Settlement.DisposeAsync();
        await Task.WhenAll(
            Cards.DisposeAsync().AsTask(),
            Eligibility.DisposeAsync().AsTask(),
            Whitelist.DisposeAsync().AsTask()
        );
        if (Directory.Exists(RunDirectory))
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
    }
}
