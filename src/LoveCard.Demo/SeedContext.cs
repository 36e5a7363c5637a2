using System.Globalization;
using System.Text.Json.Nodes;

namespace LoveCard.Demo;

/// <summary>
/// What every seeding step shares: the four services' APIs, the county's two bureau users (maker and
/// checker), the demo's clock and output, and a bounded wait for outcomes that arrive by events.
/// </summary>
internal sealed class SeedContext(DemoOptions options, TextWriter output) : IDisposable
{
    public DemoOptions Options { get; } = options;

    public TextWriter Out { get; } = output;

    public ServiceApi Cards { get; } = new("cards", options.CardsUrl);

    public ServiceApi Eligibility { get; } = new("eligibility", options.EligibilityUrl);

    public ServiceApi Whitelist { get; } = new("whitelist", options.WhitelistUrl);

    public ServiceApi Settlement { get; } = new("settlement", options.SettlementUrl);

    public string Maker(string county) => Eligibility.BureauToken(county, "maker");

    public string Checker(string county) => Eligibility.BureauToken(county, "checker");

    public void Say(string text) => Out.WriteLine($"[demo] {text}");

    public DateOnly Today() => DateOnly.FromDateTime(Options.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public async Task<JsonNode> WaitForAsync(
        string service,
        string step,
        Func<Task<JsonNode?>> probe,
        CancellationToken ct
    )
    {
        var deadline = DateTime.UtcNow + Options.WaitTimeout;
        while (true)
        {
            if (await probe() is { } done)
            {
                return done;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoStepException(
                    service,
                    step,
                    null,
                    null,
                    $"not done within {Options.WaitTimeout.TotalSeconds:0} s (are events flowing? see the services' "
                        + $"logs and lovecard-ops errors list)"
                );
            }

            await Task.Delay(200, ct);
        }
    }

    public void Dispose()
    {
        Cards.Dispose();
        Eligibility.Dispose();
        Whitelist.Dispose();
        Settlement.Dispose();
    }
}
