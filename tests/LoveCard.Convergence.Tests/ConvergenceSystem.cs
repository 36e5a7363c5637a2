using LoveCard.Cards;
using LoveCard.Demo;
using LoveCard.Eligibility;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.ReadModels;
using LoveCard.Settlement;
using LoveCard.Terminal;
using LoveCard.Whitelist;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Convergence.Tests;

/// <summary>
/// The four services started in this process against this assembly's test database and vhost, every
/// one of them reaching PostgreSQL through one <see cref="DatabaseGate"/>, so the test can make the
/// database refuse or stall new connections for these services alone. Reconciliation runs every
/// 15 s with a 15 s grace period (the deployed defaults are 10 min and 2 min); everything else keeps
/// the deployed defaults, the consumers' retries included.
/// </summary>
public sealed class ConvergenceSystem : IAsyncDisposable
{
    private ConvergenceSystem(
        DatabaseGate gate,
        ServiceHost cards,
        ServiceHost eligibility,
        ServiceHost whitelist,
        ServiceHost settlement,
        string run
    )
    {
        Gate = gate;
        Cards = cards;
        Eligibility = eligibility;
        Whitelist = whitelist;
        Settlement = settlement;
        RunDirectory = run;
    }

    public DatabaseGate Gate { get; }

    public ServiceHost Cards { get; }

    public ServiceHost Eligibility { get; }

    public ServiceHost Whitelist { get; }

    public ServiceHost Settlement { get; }

    public string RunDirectory { get; }

    public IReadOnlyList<ServiceHost> All => [Cards, Eligibility, Whitelist, Settlement];

    public static async Task<ConvergenceSystem> StartAsync()
    {
        var gate = new DatabaseGate();
        Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = gate.ConnectionString,
                ["ReadModels:ReconcileEverySeconds"] = "15",
                ["ReadModels:GraceSeconds"] = "15",
            };
            foreach (var (key, value) in more)
            {
                settings[key] = value;
            }

            return settings;
        }

        var started = await Task.WhenAll(
            ServiceHost.StartAsync(CardsApp.Create, Settings()),
            // Small chunks with a pause between them, so the roster import is still running when the fault starts.
            ServiceHost.StartAsync(
                EligibilityApp.Create,
                Settings(("Imports:ChunkSize", "25"), ("Imports:ChunkDelayMs", "400"))
            ),
            ServiceHost.StartAsync(WhitelistApp.Create, Settings())
        );
        var settlement = await ServiceHost.StartAsync(
            SettlementApp.Create,
            Settings(
                ("Cards:BaseUrl", started[0].BaseAddress.ToString().TrimEnd('/')),
                ("Terminal:RateLimit:TerminalTokensPerSecond", "1000"),
                ("Terminal:RateLimit:TerminalBurst", "1000")
            )
        );
        var run = Path.Combine(Path.GetTempPath(), $"lovecard-convergence-{Guid.NewGuid():N}");
        return new ConvergenceSystem(gate, started[0], started[1], started[2], settlement, run);
    }

    public DemoOptions DemoOptions() =>
        new()
        {
            CardsUrl = Cards.BaseAddress,
            EligibilityUrl = Eligibility.BaseAddress,
            WhitelistUrl = Whitelist.BaseAddress,
            SettlementUrl = Settlement.BaseAddress,
            RunDirectory = RunDirectory,
            WaitTimeout = TimeSpan.FromSeconds(90),
        };

    /// <summary>A demo terminal, with the resends of the reference client (same key, same bytes).</summary>
    public TerminalClient Terminal(string terminalId) =>
        TerminalClient.Create(
            new TerminalClientOptions { ServerUrl = Settlement.BaseAddress, AttemptTimeout = TimeSpan.FromSeconds(15) },
            TerminalKeyFile.Load(DemoOptions().KeyFile(terminalId))
        );

    public HttpClient Bureau(ServiceHost host, string county = DemoCounty.Home) =>
        host.CreateClient("bureau", county, subject: $"convergence-bureau-{county}");

    /// <summary>Every error and skipped queue of the four services that holds a message, with its depth.</summary>
    public async Task<IReadOnlyDictionary<string, uint>> FailedMessagesAsync()
    {
        var queues = All.SelectMany(h =>
                h.Services.GetRequiredService<ConsumerEndpoints>()
                    .Names.Append(ReadModelSync.QueueOf(h.Services.GetRequiredService<BusOptions>().EndpointPrefix!))
            )
            .SelectMany(q => new[] { q + "_error", q + "_skipped" });
        var found = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var queue in queues)
        {
            if (await TestInfrastructure.QueueDepthAsync(queue) is > 0 and var depth)
            {
                found[queue] = depth;
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await Settlement.DisposeAsync();
        await Task.WhenAll(
            Cards.DisposeAsync().AsTask(),
            Eligibility.DisposeAsync().AsTask(),
            Whitelist.DisposeAsync().AsTask()
        );
        await Gate.DisposeAsync();
        if (Directory.Exists(RunDirectory))
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
    }
}
