using System.Globalization;

namespace LoveCard.Terminal.Cli;

/// <summary>The <c>lovecard-terminal</c> commands. Exit codes: 0 done (approved), 1 problem or no answer, 2 usage, 3
/// declined.</summary>
public static class TerminalCommands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Declined = 3;

    public const string ServerVariable = "LOVECARD_TERMINAL_SERVER";

    private const string HelpText = """
        lovecard-terminal: the LoveCard reference terminal (TERMINAL-PROTOCOL.md v1)

          activate --terminal T --code C        activate with the one-time code; saves the key file
          time                                  server time and this machine's clock offset
          catalog                               items this provider may sell, with prices
          inquire --card A12345678|--qr LC1…|--face F [--item meal] [--quantity 1]
          buy     --card …|--qr …|--face … --item meal [--quantity 1] [--max-family 500]
                  [--order ID] [--care-worker ID] [--visit VISIT-ID] [--key IDEMPOTENCY-KEY]
          visit-in --card …|--qr … --item bath --care-worker ID --lat 29.98 --lon 122.20 [--key K]
                                                check in at the elder's home (protocol 1.1)
          visit-out <visitId> --lat 29.98 --lon 122.20 [--key K]   check out; prints the verdict
          visit <visitId>                       a visit as recorded
          void <purchaseId> [--reason TEXT]     cancel a purchase of today
          refund <purchaseId> --amount FEN [--reason TEXT]
          lookup --key K | lookup <purchaseId>  a purchase as recorded (find a lost answer by its key)
          orders [--page N] [--page-size N]     pending orders for this provider
          totals [--date yyyy-MM-dd]            this terminal's day

        Options for every command:
          --server URL      settlement service
                            (default: the key file's, $LOVECARD_TERMINAL_SERVER, http://127.0.0.1:5104)
          --key-file F      the key file (default: $LOVECARD_TERMINAL_KEY_FILE or ~/.lovecard/terminal-key.json)
          --verbose         print every send: attempt, retry reason, canonical string
        Amounts on the command line are fen (分): --amount 500 is 5.00 yuan.
        Exit codes: 0 done, 1 problem or no answer, 2 usage error, 3 purchase declined.
        """;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, handler: null, CancellationToken.None);

    /// <summary>With <paramref name="handler"/>, requests go through it (tests); otherwise over the network.</summary>
    internal static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        HttpMessageHandler? handler,
        CancellationToken ct
    )
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            stdout.WriteLine(HelpText);
            return args.Length == 0 ? Usage : Ok;
        }

        try
        {
            var command = args[0];
            var a = CliArguments.Parse(args[1..]);
            var keyFile = a.Get("key-file") ?? TerminalKeyFile.DefaultPath;
            var verbose = a.Has("verbose");
            var options = new TerminalClientOptions { KeyFilePath = keyFile };
            if (verbose)
            {
                options.OnAttempt = attempt =>
                    stderr.WriteLine(
                        $"-> attempt {attempt.Number} {attempt.Method} {attempt.Target}"
                            + (attempt.RetryReason is null ? "" : $" (retry after {attempt.RetryReason})")
                            + (
                                attempt.Signature is null
                                    ? ""
                                    : "\n   canonical string:\n   "
                                        + attempt.Signature.CanonicalString.Replace(
                                            "\n",
                                            "\n   ",
                                            StringComparison.Ordinal
                                        )
                            )
                    );
            }

            // Every command but activation needs the key; "time" uses the file's server if there is one.
            TerminalCredentials? credentials = command switch
            {
                "activate" => null,
                "time" => File.Exists(keyFile) ? TerminalKeyFile.Load(keyFile) : null,
                _ => TerminalKeyFile.Load(keyFile),
            };
            options.ServerUrl = new Uri(ServerUrl(a.Get("server"), credentials));

            using var http = handler is null
                ? new HttpClient { Timeout = Timeout.InfiniteTimeSpan }
                : new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            using var client = new TerminalClient(http, options, credentials);
            return command switch
            {
                "activate" => await ActivateAsync(client, a, stdout, ct),
                "time" => await TimeAsync(client, a, stdout, ct),
                "catalog" => await CatalogAsync(client, a, stdout, ct),
                "inquire" => await InquireAsync(client, a, stdout, ct),
                "buy" => await BuyAsync(client, a, stdout, stderr, ct),
                "void" => await VoidAsync(client, a, stdout, ct),
                "refund" => await RefundAsync(client, a, stdout, ct),
                "lookup" => await LookupAsync(client, a, stdout, ct),
                "orders" => await OrdersAsync(client, a, stdout, ct),
                "totals" => await TotalsAsync(client, a, stdout, ct),
                "visit-in" => await VisitCommands.VisitInAsync(client, a, stdout, ct),
                "visit-out" => await VisitCommands.VisitOutAsync(client, a, stdout, ct),
                "visit" => await VisitCommands.VisitAsync(client, a, stdout, ct),
                _ => throw new UsageException($"Unknown command '{command}'. Try: lovecard-terminal help"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"usage: {e.Message}");
            return Usage;
        }
        catch (TerminalProblemException e)
        {
            WriteProblem(stderr, e);
            return Failed;
        }
        catch (TerminalUnreachableException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            if (e.IdempotencyKey is not null)
            {
                stderr.WriteLine(
                    "The request may or may not have been recorded. Find out with: lovecard-terminal lookup --key "
                        + $"{e.IdempotencyKey}"
                );
            }

            return Failed;
        }
        catch (Exception e)
            when (e is FileNotFoundException or InvalidDataException or UriFormatException or FormatException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    private static string ServerUrl(string? fromCommandLine, TerminalCredentials? credentials)
    {
        if (fromCommandLine is not null)
        {
            return fromCommandLine;
        }

        if (credentials?.ServerUrl is { Length: > 0 } saved)
        {
            return saved;
        }

        return Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : TerminalClientOptions.DefaultServerUrl;
    }

    private static void WriteProblem(TextWriter stderr, TerminalProblemException e)
    {
        var p = e.Problem;
        stderr.WriteLine(
            $"error: {(int)e.Status} "
                + $"{p?.Code ?? e.Status.ToString()}{(p?.Field is { } field ? $" (field {field})" : "")}"
        );
        if ((p?.Detail ?? p?.Title) is { } detail)
        {
            stderr.WriteLine($"       {detail}");
        }
        else if (p is null && e.RawBody.Length > 0)
        {
            stderr.WriteLine($"       {e.RawBody[..Math.Min(e.RawBody.Length, 500)]}");
        }

        if (Hints.For(p?.Code) is { } hint)
        {
            stderr.WriteLine($"hint:  {hint}");
        }
    }

    private static async Task<int> ActivateAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        var terminal = a.Required("terminal");
        var code = a.Required("code");
        a.RejectUnknown();
        var credentials = await client.ActivateAsync(terminal, code, ct);
        o.WriteLine($"Terminal {credentials.TerminalId} activated, key version {credentials.KeyVersion}.");
        o.WriteLine($"Key saved to {client.Options.KeyFilePath} (mode 0600). Keep it secret: it signs every request.");
        return Ok;
    }

    private static async Task<int> TimeAsync(TerminalClient client, CliArguments a, TextWriter o, CancellationToken ct)
    {
        a.RejectUnknown();
        var answer = await client.SyncClockAsync(ct);
        o.WriteLine(
            $"Server time   {answer.ServerTime.ToString("yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture)}"
        );
        o.WriteLine(
            $"Clock offset  {client.ClockOffset.TotalSeconds.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)} "
                + $"s (server minus this machine; signed requests are refused beyond 300 s)"
        );
        return Ok;
    }

    private static async Task<int> CatalogAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        a.RejectUnknown();
        Receipt.WriteCatalog(o, await client.GetCatalogAsync(ct));
        return Ok;
    }

    internal static Credential ReadCredential(CliArguments a)
    {
        var given = new[] { ("card", a.Get("card")), ("qr", a.Get("qr")), ("face", a.Get("face")) }
            .Where(c => c.Item2 is not null)
            .ToArray();
        if (given.Length != 1)
        {
            throw new UsageException("Give exactly one of --card, --qr, --face.");
        }

        return new Credential(given[0].Item1, given[0].Item2!);
    }

    private static async Task<int> InquireAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        var request = new InquiryRequest(ReadCredential(a), a.Get("item"), a.GetInt("quantity"));
        a.RejectUnknown();
        Receipt.WriteInquiry(o, await client.InquireAsync(request, ct));
        return Ok;
    }

    private static async Task<int> BuyAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        TextWriter stderr,
        CancellationToken ct
    )
    {
        var request = new PurchaseRequest(
            ReadCredential(a),
            a.Required("item"),
            a.GetInt("quantity") ?? 1,
            a.GetGuid("order"),
            a.GetLong("max-family"),
            a.Get("care-worker"),
            VisitId: a.GetGuid("visit")
        );
        var key = a.Get("key") ?? TerminalClient.NewIdempotencyKey();
        a.RejectUnknown();
        // The key is chosen before the first send and printed first, so a cashier whose terminal
        // loses the answer (or crashes) can still look the purchase up.
        stderr.WriteLine($"Idempotency-Key: {key}");
        var body = ProtocolJson.Serialize(request with { OccurredAt = TerminalClient.TruncateToSeconds(client.Now) });
        var response = await client.PostIdempotentAsync("/terminal/v1/purchases", body, key, ct);
        var answer = response.Read<PurchaseAnswer>();
        Receipt.WritePurchase(o, answer, key, response.Replayed);
        return answer.Approved ? Ok : Declined;
    }

    private static Guid PurchaseId(CliArguments a) =>
        a.Positional.Count == 1 && Guid.TryParse(a.Positional[0], out var id)
            ? id
            : throw new UsageException("Give the purchase id (a GUID) after the command.");

    private static async Task<int> VoidAsync(TerminalClient client, CliArguments a, TextWriter o, CancellationToken ct)
    {
        var id = PurchaseId(a);
        var reason = a.Get("reason");
        var key = a.Get("key");
        a.RejectUnknown();
        var view = await client.VoidAsync(id, reason, key, ct);
        o.WriteLine("VOIDED");
        Receipt.WritePurchaseView(o, view);
        return Ok;
    }

    private static async Task<int> RefundAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        var id = PurchaseId(a);
        var amount = a.GetLong("amount") ?? throw new UsageException("--amount (fen) is required.");
        var reason = a.Get("reason");
        var key = a.Get("key");
        a.RejectUnknown();
        Receipt.WriteRefund(o, await client.RefundAsync(id, amount, reason, key, ct));
        return Ok;
    }

    private static async Task<int> LookupAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        var key = a.Get("key");
        if (key is null)
        {
            var id = PurchaseId(a);
            a.RejectUnknown();
            Receipt.WritePurchaseView(o, await client.GetPurchaseAsync(id, ct));
            return Ok;
        }

        a.RejectUnknown();
        var view = await client.FindPurchaseAsync(key, ct);
        if (view is null)
        {
            o.WriteLine(
                $"Nothing was recorded under key {key}: the purchase did not happen; it is safe to buy again (with "
                    + $"the same key, to be sure)."
            );
            return Failed;
        }

        Receipt.WritePurchaseView(o, view);
        return Ok;
    }

    private static async Task<int> OrdersAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        var page = a.GetInt("page");
        var pageSize = a.GetInt("page-size");
        a.RejectUnknown();
        Receipt.WriteOrders(o, await client.GetPendingOrdersAsync(page, pageSize, ct));
        return Ok;
    }

    private static async Task<int> TotalsAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        DateOnly? date = a.Get("date") is { } text
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new UsageException("--date must be yyyy-MM-dd.")
            : null;
        a.RejectUnknown();
        Receipt.WriteTotals(o, await client.GetTotalsAsync(date, ct));
        return Ok;
    }
}
