using System.Net;
using System.Text.Json.Nodes;
using LoveCard.Terminal;

namespace LoveCard.Demo;

/// <summary>
/// The demo terminals as the terminal library sees them: registered in whitelist, activated into their key
/// files under the run directory, and reused while a saved key still signs requests settlement accepts.
/// </summary>
internal sealed class DemoTerminals(SeedContext seed) : IDisposable
{
    private readonly Dictionary<string, TerminalClient> _terminals = new();

    /// <summary>The activated client of a demo terminal (after <see cref="ActivatedAsync"/>).</summary>
    public TerminalClient this[string terminalId] => _terminals[terminalId];

    /// <summary>
    /// The provider's terminal, activated: registered in whitelist if it is not there yet, else its saved key
    /// if that still works, else activated afresh with a new one-time code.
    /// </summary>
    public async Task ActivatedAsync(Guid providerId, DemoProvider p, CancellationToken ct)
    {
        var token = seed.Maker(DemoCounty.Home);
        var terminals = await seed.Whitelist.CallAsync(
            "list terminals",
            HttpMethod.Get,
            $"/api/providers/{providerId}/terminals",
            token,
            ct: ct
        );
        string? code = null;
        if (terminals.AsArray().All(t => t!["terminalId"]!.GetValue<string>() != p.TerminalId))
        {
            var registered = await seed.Whitelist.CallAsync(
                $"register terminal {p.TerminalId}",
                HttpMethod.Post,
                $"/api/providers/{providerId}/terminals",
                token,
                new
                {
                    terminalId = p.TerminalId,
                    model = p.TerminalModel,
                    latitude = 28.98,
                    longitude = 118.87,
                    opensAt = "06:00",
                    closesAt = "21:00",
                },
                ct: ct
            );
            code = registered["activationCode"]!.GetValue<string>();
        }
        else if (await WorkingTerminalAsync(p.TerminalId, ct) is { } working)
        {
            _terminals[p.TerminalId] = working;
            return;
        }

        code ??= await NewActivationCodeAsync(providerId, p.TerminalId, ct);
        _terminals[p.TerminalId] = await ActivateAsync(p.TerminalId, code, ct);
    }

    private async Task<string> NewActivationCodeAsync(Guid providerId, string terminalId, CancellationToken ct)
    {
        var answer = await seed.Whitelist.CallAsync(
            $"issue a new activation code for {terminalId}",
            HttpMethod.Post,
            $"/api/providers/{providerId}/terminals/{terminalId}/activation-code",
            seed.Maker(DemoCounty.Home),
            new { reason = "演示：重新发放激活码" },
            ct: ct
        );
        return answer["activationCode"]!.GetValue<string>();
    }

    /// <summary>The saved key file, if it still signs requests the settlement service accepts.</summary>
    private async Task<TerminalClient?> WorkingTerminalAsync(string terminalId, CancellationToken ct)
    {
        var path = seed.Options.KeyFile(terminalId);
        if (!File.Exists(path))
        {
            return null;
        }

        var client = TerminalClient.Create(TerminalOptions(path), TerminalKeyFile.Load(path));
        try
        {
            await client.GetCatalogAsync(ct);
            return client;
        }
        catch (TerminalProblemException e) when (e.Status == HttpStatusCode.Unauthorized)
        {
            client.Dispose();
            return null;
        }
    }

    private TerminalClientOptions TerminalOptions(string? keyFile) =>
        new()
        {
            ServerUrl = seed.Options.SettlementUrl,
            KeyFilePath = keyFile,
            Time = seed.Options.Time,
        };

    /// <summary>
    /// <c>POST /terminal/v1/activation</c> through the terminal library, which saves the key file. The
    /// settlement service learns of the terminal from whitelist's event, so an early try may not know
    /// the code yet (<c>activation_code_invalid</c>): wait for it.
    /// </summary>
    private async Task<TerminalClient> ActivateAsync(string terminalId, string code, CancellationToken ct)
    {
        var path = seed.Options.KeyFile(terminalId);
        var client = TerminalClient.Create(TerminalOptions(path));
        await seed.WaitForAsync(
            "settlement",
            $"activate terminal {terminalId}",
            async () =>
            {
                try
                {
                    await client.ActivateAsync(terminalId, code, ct);
                    return new JsonObject();
                }
                catch (TerminalProblemException e)
                    when (e.Problem?.Code is "activation_code_invalid" or "terminal_unknown")
                {
                    return null;
                }
            },
            ct
        );
        seed.Say($"terminal {terminalId} activated; key saved to {path} (mode 0600)");
        return client;
    }

    /// <summary><c>new-terminal</c>: a fresh one-time code for a demo terminal (the old key stops working), activated
    /// into its key file.</summary>
    public async Task NewTerminalAsync(string terminalId, CancellationToken ct)
    {
        var p = DemoCounty.Providers.FirstOrDefault(x => x.TerminalId == terminalId)
            ?? throw new DemoStepException(
                "demo",
                "new-terminal",
                null,
                null,
                $"{terminalId} is not a demo terminal "
                    + $"({string.Join(", ", DemoCounty.Providers.Select(x => x.TerminalId))})"
            );
        var list = await seed.Whitelist.CallAsync(
            "list providers",
            HttpMethod.Get,
            $"/api/providers?county={DemoCounty.Home}&pageSize=100",
            seed.Maker(DemoCounty.Home),
            ct: ct
        );
        var provider = list["items"]!
            .AsArray()
            .FirstOrDefault(x => x!["unifiedCode"]!.GetValue<string>() == p.UnifiedCode(DemoCounty.Home))
            ?? throw new DemoStepException(
                "whitelist",
                "new-terminal",
                null,
                null,
                "the demo provider does not exist: run `seed` first"
            );
        var code = await NewActivationCodeAsync(Guid.Parse(provider["id"]!.GetValue<string>()), terminalId, ct);
        seed.Out.WriteLine($"activation code for {terminalId}: {code}  (one use, 24 h)");
        if (seed.Options.ActivateNewTerminal)
        {
            using var client = await ActivateAsync(terminalId, code, ct);
        }
    }

    public void Dispose()
    {
        foreach (var t in _terminals.Values)
        {
            t.Dispose();
        }
    }
}
