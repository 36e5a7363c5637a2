namespace LoveCard.Demo;

/// <summary>Where the four services are and where the demo keeps its terminal key files.</summary>
public sealed class DemoOptions
{
    public Uri CardsUrl { get; set; } = new("http://127.0.0.1:5101");

    public Uri EligibilityUrl { get; set; } = new("http://127.0.0.1:5102");

    public Uri WhitelistUrl { get; set; } = new("http://127.0.0.1:5103");

    public Uri SettlementUrl { get; set; } = new("http://127.0.0.1:5104");

    /// <summary>The identity service; when set, <c>seed</c> also makes the demo accounts there (run.sh sets
    /// it).</summary>
    public Uri? IdentityUrl { get; set; }

    /// <summary>The demo's machine client at identity (client credentials, acting as the province; Development
    /// only).</summary>
    public string IdentityClientId { get; set; } =
        Environment.GetEnvironmentVariable("LOVECARD_DEMO_CLIENT_ID") ?? "lovecard-demo";

    public string IdentityClientSecret { get; set; } =
        Environment.GetEnvironmentVariable("LOVECARD_DEMO_CLIENT_SECRET") ?? "lovecard-demo-development-secret";

    /// <summary>Terminal key files go to <c>&lt;RunDirectory&gt;/terminals/&lt;terminalId&gt;.json</c> (mode
    /// 0600).</summary>
    public string RunDirectory { get; set; } = ".run";

    /// <summary>The clock the demo terminals sign with (tests pass the settlement host's).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>How long to wait for asynchronous outcomes (imports, events reaching other services).</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Buy the demo meals (and use up one elder's caps) at the end of the seed.</summary>
    public bool Purchases { get; set; } = true;

    /// <summary><c>new-terminal</c> activates the fresh code into the key file; false leaves it for your own
    /// terminal.</summary>
    public bool ActivateNewTerminal { get; set; } = true;

    public string KeyFile(string terminalId) => Path.Combine(RunDirectory, "terminals", $"{terminalId}.json");
}
