using System.Net.Http.Headers;
using System.Text;
using LoveCard.Hosting.Auth;

namespace LoveCard.Security.Tests.Authorization;

/// <summary>
/// Every operation of every service's live OpenAPI document × every caller of
/// <c>docs/security/authorization-matrix.md</c>, against real objects of county A. The gate is zero
/// unexpected successes; everything else that differs from the table is reported.
/// </summary>
public sealed class Authorisation_matrix
{
    /// <summary>Calls in flight at once within a stage (ADR 0053).</summary>
    private const int CallsAtOnce = 8;

    private static readonly string[] Destructive =
    [
        "/revoke",
        "/exit",
        "/disable",
        "/suspend",
        "/withdraw",
        "/close",
        "/void",
        "/refunds",
        "/rotate",
    ];

    [Test]
    public async Task Lets_no_caller_succeed_where_the_table_refuses()
    {
        var world = await World.GetAsync();
        var table = MatrixTable.Load();
        var operations = await OpenApiDocuments.OperationsAsync();
        // An endpoint needs a row in both tables (the people's and the area officials', ADR 0044).
        var unclassified = operations
            .Where(o =>
                !table.Expected.TryGetValue(o.Method + " " + o.Path, out var row) || row.Count != table.Callers.Count
            )
            .ToArray();
        var stale = table.Expected.Keys.Where(k => !operations.Any(o => o.Method + " " + o.Path == k)).ToArray();

        // Stages in Order's order, one after the other; within a stage the calls run side by side
        // (CallsAtOnce): every read on its own, and in the stages that write, the operations side by
        // side with each operation's callers in column order, as before (ADR 0053).
        var clients = Services.ByName.ToDictionary(s => s.Key, s => s.Value.CreateClient());
        var stages = operations.Except(unclassified).OrderBy(Order).GroupBy(Order).ToArray();
        var outcomes = stages.Select(s => new Outcome[s.Count(), table.Callers.Count]).ToArray();
        try
        {
            foreach (var (stage, n) in stages.Select((s, n) => (s.ToArray(), n)))
            {
                var reads = Order(stage[0]) % 10 == 0;
                var callers = table.Callers.Count;
                var work = reads
                    ? Enumerable.Range(0, stage.Length * callers).Select(i => (Op: i / callers, First: i % callers))
                    : Enumerable.Range(0, stage.Length).Select(o => (Op: o, First: 0));
                await Parallel.ForEachAsync(
                    work,
                    new ParallelOptions { MaxDegreeOfParallelism = CallsAtOnce },
                    async (calls, _) =>
                    {
                        var last = reads ? calls.First + 1 : callers;
                        for (var c = calls.First; c < last; c++)
                        {
                            outcomes[n][calls.Op, c] = await CallAsync(
                                world,
                                table,
                                stage[calls.Op],
                                table.Callers[c],
                                clients
                            );
                        }
                    }
                );
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }

        // In the order the calls were listed: operation by operation, callers in column order.
        var results = outcomes.SelectMany(o => o.Cast<Outcome>()).ToList();

        var report = Report(results, unclassified, stale, world);
        var path = Path.Combine(
            TestInfrastructure.RepositoryRoot(),
            "artifacts",
            "security",
            "authorization-matrix-report.md"
        );
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report);
        await TestContext.Out.WriteLineAsync(report);

        var unexpectedSuccesses = results.Where(r => r.Kind == OutcomeKind.UnexpectedSuccess).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Count.GreaterThan(1000), "the matrix ran");
            Assert.That(
                unclassified.Select(o => o.ToString()),
                Is.Empty,
                $"endpoints with no row in {MatrixTable.RelativePath}: add who may call them"
            );
            Assert.That(
                unexpectedSuccesses.Select(r => r.ToString()),
                Is.Empty,
                "unexpected successes (a 2xx where the table refuses)"
            );
        });
    }

    /// <summary>One operation as one caller, on the service's shared client.</summary>
    private static async Task<Outcome> CallAsync(
        World world,
        MatrixTable table,
        ApiOperation operation,
        string caller,
        IReadOnlyDictionary<string, HttpClient> clients
    )
    {
        var key = operation.Method + " " + operation.Path;
        var expected = table.Expected[key][caller];
        table.Requests.TryGetValue(key, out var example);
        using var request = BuildRequest(world, operation, caller, example.Query, example.Body);
        var target = request.RequestUri!.PathAndQuery;
        using var response = await SendAsync(world, operation, caller, request, clients[operation.Service]);
        var body = await response.Content.ReadAsStringAsync();
        var weak = PlaceholdersIn(operation.Path + example.Query + example.Body)
            .Where(world.Missing.ContainsKey)
            .ToArray();
        return new Outcome(
            operation,
            caller,
            target,
            expected,
            (int)response.StatusCode,
            body.Length > 200 ? body[..200] : body,
            weak
        );
    }

    /// <summary>Terminal endpoints first (a later disable of terminal A stops it), reads before writes, and final steps
    /// last.</summary>
    private static int Order(ApiOperation o)
    {
        var destructive = Destructive.Any(d => o.Path.EndsWith(d, StringComparison.Ordinal));
        var terminal = o.Path.StartsWith("/terminal/", StringComparison.Ordinal);
        return (terminal ? 0 : 10)
            + (
                o.Method == "GET" ? 0
                : destructive ? 2
                : 1
            );
    }

    private static HttpRequestMessage BuildRequest(
        World world,
        ApiOperation operation,
        string caller,
        string? query,
        string? body
    )
    {
        var path = MatrixTable.Fill(operation.Path, world.Values);
        var target = string.IsNullOrEmpty(query) ? path : path + "?" + MatrixTable.Fill(query, world.Values);
        var request = new HttpRequestMessage(
            new HttpMethod(operation.Method),
            new Uri(Services.ByName[operation.Service].BaseAddress, target)
        );
        if (!string.IsNullOrEmpty(body))
        {
            var csv = body.StartsWith("csv:", StringComparison.Ordinal);
            var text = MatrixTable.Fill(
                csv ? body[4..].Replace("\\n", "\n", StringComparison.Ordinal) : body,
                world.Values
            );
            request.Content = new StringContent(text, Encoding.UTF8, csv ? "text/csv" : "application/json");
        }
        else if (operation.HasBody)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static async Task<HttpResponseMessage> SendAsync(
        World world,
        ApiOperation operation,
        string caller,
        HttpRequestMessage request,
        HttpClient client
    )
    {
        var host = Services.ByName[operation.Service];
        if (caller is "term" or "term-x")
        {
            var party = caller == "term" ? world.A : world.B;
            var terminal = new SignedTerminal(client, party.Terminal.TerminalId, party.Terminal.Key);
            var bytes = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync();
            var idempotencyKey = operation.Method == "POST" ? "m-" + Guid.NewGuid().ToString("N")[..20] : null;
            return await terminal.SendAsync(
                request.Method,
                request.RequestUri!.PathAndQuery,
                bytes,
                idempotencyKey,
                request.Content?.Headers.ContentType?.ToString()
            );
        }

        if (caller != "anon")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(host, world, caller));
        }

        request.Headers.Add("Idempotency-Key", "m-" + Guid.NewGuid().ToString("N")[..20]);
        return await client.SendAsync(request);
    }

    private static string Token(ServiceHost host, World world, string caller)
    {
        var other = caller.EndsWith("-x", StringComparison.Ordinal);
        var party = other ? world.B : world.A;
        // Identity acts on the caller's account (re-read by sub), so its callers are real accounts.
        var subject =
            host == Services.Identity && world.Subjects.TryGetValue(caller, out var account)
                ? account
                : "matrix-" + caller;
        return caller.Split('-')[0] switch
        {
            "prov" => host.Token(Roles.Province, subject: subject),
            "bur" => host.Token(Roles.Bureau, party.County, subject: subject),
            "op" => host.Token(Roles.Operator, party.County, subject: subject),
            "aud" => host.Token(Roles.Auditor, party.County, subject: subject),
            "pvd" => host.Token(Roles.Provider, party.County, provider: party.ProviderId, subject: subject),
            "eld" => host.Token(Roles.Elder, party.County, elder: party.ElderId, subject: subject),
            "agt" => host.Token(Roles.Agent, elders: [party.ElderId], subject: subject),
            "twp" => host.Token(
                Roles.Township,
                world.A.County,
                subject: subject,
                area: IdentityAccounts.AreaOf(world, caller)
            ),
            "vil" => host.Token(
                Roles.Village,
                world.A.County,
                subject: subject,
                area: IdentityAccounts.AreaOf(world, caller)
            ),
            _ => throw new InvalidOperationException($"Unknown caller column '{caller}'."),
        };
    }

    private static IEnumerable<string> PlaceholdersIn(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{([A-Za-z]+)\}").Select(m => m.Groups[1].Value);

    private static string Report(List<Outcome> results, ApiOperation[] unclassified, string[] stale, World world)
    {
        var text = new StringBuilder();
        text.AppendLine("# Authorisation matrix run").AppendLine();
        text.AppendLine(
                $"{results.Count} calls; unexpected successes: "
                    + $"{results.Count(r => r.Kind == OutcomeKind.UnexpectedSuccess)}; "
                    + $"unexpected refusals: {results.Count(r => r.Kind == OutcomeKind.UnexpectedRefusal)}; other "
                    + $"refusal code: {results.Count(r => r.Kind == OutcomeKind.OtherRefusal)}; "
                    + "refused with another status (e.g. 400 before the check): "
                    + $"{results.Count(r => r.Kind == OutcomeKind.RefusedOtherwise)}; 5xx: "
                    + $"{results.Count(r => r.Status >= 500)}"
            )
            .AppendLine();
        if (world.Missing.Count > 0)
        {
            text.AppendLine(
                "Objects the setup could not make (random ids used; a 404 there is not an unexpected refusal):"
            );
            foreach (var (name, why) in world.Missing)
            {
                text.AppendLine($"- `{name}`: {why}");
            }

            text.AppendLine();
        }

        foreach (var o in unclassified)
        {
            text.AppendLine($"- UNCLASSIFIED: {o}");
        }

        foreach (var s in stale)
        {
            text.AppendLine($"- row for an endpoint no service lists (stale): {s}");
        }

        foreach (
            var group in results.Where(r => r.Kind != OutcomeKind.AsExpected).GroupBy(r => r.Kind).OrderBy(g => g.Key)
        )
        {
            text.AppendLine().AppendLine($"## {group.Key}").AppendLine();
            foreach (var r in group)
            {
                text.AppendLine($"- {r}");
            }
        }

        return text.ToString();
    }

    private enum OutcomeKind
    {
        UnexpectedSuccess,
        ServerError,
        UnexpectedRefusal,
        OtherRefusal,
        RefusedOtherwise,
        AsExpected,
    }

    private sealed record Outcome(
        ApiOperation Operation,
        string Caller,
        string Target,
        string Expected,
        int Status,
        string Body,
        string[] Weak
    )
    {
        private static readonly int[] Refusals = [401, 403, 404];

        public OutcomeKind Kind =>
            this switch
            {
                { Status: >= 500 } => OutcomeKind.ServerError,
                { Expected: "ok" } when Status == 404 && Weak.Length > 0 => OutcomeKind.AsExpected,
                { Expected: "ok" } when Refusals.Contains(Status) => OutcomeKind.UnexpectedRefusal,
                { Expected: "ok" } => OutcomeKind.AsExpected,
                _ when Status is >= 200 and < 300 => OutcomeKind.UnexpectedSuccess,
                { Expected: "403/404" } when Status is 403 or 404 => OutcomeKind.AsExpected,
                _ when Status.ToString(System.Globalization.CultureInfo.InvariantCulture) == Expected =>
                    OutcomeKind.AsExpected,
                _ when Refusals.Contains(Status) => OutcomeKind.OtherRefusal,
                _ => OutcomeKind.RefusedOtherwise,
            };

        public override string ToString() =>
            $"{Operation.Service} {Operation.Method} {Target} as {Caller}: expected {Expected}, got "
            + $"{Status}{(Weak.Length > 0 ? $" (made-up {string.Join(",", Weak)})" : "")} "
            + $"{Body.ReplaceLineEndings(" ")}";
    }
}
