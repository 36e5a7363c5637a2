namespace LoveCard.Demo;

/// <summary>The demo's commands: <c>seed</c>, <c>new-terminal</c>, <c>qr</c>.</summary>
public static class DemoCommands
{
    private const string Usage = """
        usage: dotnet run --project src/LoveCard.Demo -- <command>
          seed                         seed the demo county 330903 (and 330902) through the APIs; safe to run again
          new-terminal <terminalId>    a fresh one-time activation code for a demo terminal,
                                       activated into .run/terminals/<id>.json
                                       (--code-only: print the code and leave it for your own terminal to activate)
          qr <cardNumber>              a fresh QR code (valid 120 s) for a demo card
          totp <userName>              the current TOTP code of a demo account (from .run/demo-accounts.json)
        options: --cards URL --eligibility URL --whitelist URL --settlement URL (defaults http://127.0.0.1:5101..5104)
                 --identity URL (e.g. http://127.0.0.1:5105: also make the demo accounts there; run.sh passes it)
                 --run-dir DIR (default: .run at the repository root)  --no-purchases (seed only)
        """;

    public static async Task<int> RunAsync(string[] args, DemoOptions options, TextWriter stdout, TextWriter stderr)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cards":
                    options.CardsUrl = new Uri(Next());
                    break;
                case "--eligibility":
                    options.EligibilityUrl = new Uri(Next());
                    break;
                case "--whitelist":
                    options.WhitelistUrl = new Uri(Next());
                    break;
                case "--settlement":
                    options.SettlementUrl = new Uri(Next());
                    break;
                case "--identity":
                    options.IdentityUrl = new Uri(Next());
                    break;
                case "--run-dir":
                    options.RunDirectory = Next();
                    break;
                case "--no-purchases":
                    options.Purchases = false;
                    break;
                case "--code-only":
                    options.ActivateNewTerminal = false;
                    break;
                case "-h" or "--help":
                    stdout.WriteLine(Usage);
                    return 0;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        try
        {
            using var seeder = new Seeder(options, stdout);
            switch (positional)
            {
                case ["seed"]:
                    await seeder.SeedAsync();
                    return 0;
                case ["new-terminal", var terminalId]:
                    await seeder.NewTerminalAsync(terminalId);
                    return 0;
                case ["totp", var userName]:
                    var code = new Accounts.DemoAccounts(options, stdout).CurrentTotp(userName);
                    (code is null ? stderr : stdout).WriteLine(
                        code ?? $"{userName}: no TOTP secret in the run directory"
                    );
                    return code is null ? 1 : 0;
                case ["qr", var cardNumber]:
                    stdout.WriteLine(await seeder.QrCodeAsync(cardNumber));
                    return 0;
                default:
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }
        catch (DemoStepException e)
        {
            stderr.WriteLine($"[demo] FAILED at {e.Service} / {e.Step}: {e.Message}");
            return 1;
        }
        catch (LoveCard.Terminal.TerminalProblemException e)
        {
            stderr.WriteLine($"[demo] FAILED at settlement (terminal protocol): {e.Message}");
            return 1;
        }
        catch (LoveCard.Terminal.TerminalUnreachableException e)
        {
            stderr.WriteLine($"[demo] FAILED at settlement (terminal protocol): no answer: {e.Message}");
            return 1;
        }
    }

    /// <summary><c>.run</c> beside LoveCard.sln (deploy/local/run.sh runs from the root), else in the current
    /// directory.</summary>
    public static string FindRunDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoveCard.sln")))
            {
                return Path.Combine(dir.FullName, ".run");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), ".run");
    }
}
