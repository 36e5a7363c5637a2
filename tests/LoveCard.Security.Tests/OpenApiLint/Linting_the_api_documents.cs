using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LoveCard.Security.Tests.OpenApiLint;

/// <summary>
/// Every service's live <c>/openapi/v1.json</c> through Spectral with the OWASP API Security ruleset
/// and through Redocly (installed from npm by <c>lint.sh</c>, pinned versions). Every error must be
/// matched by a line of <c>docs/security/openapi-lint-justifications.md</c>: either justified, or a
/// finding routed to the service's owner (so a NEW error fails the run).
/// </summary>
public sealed class Linting_the_api_documents
{
    private const string JustificationsPath = "docs/security/openapi-lint-justifications.md";

    [Test]
    public async Task Finds_no_error_that_is_not_justified_or_tracked()
    {
        var root = TestInfrastructure.RepositoryRoot();
        var work = ToolRuns.LintWork;
        var output = ToolRuns.LintResults;
        // Started beside the other tests as soon as the services answered (ADR 0053).
        var run = await ToolRuns.Lint;
        Assert.That(run.ExitCode, Is.Zero, run.Output);

        var errors = new List<LintError>();
        foreach (var service in Services.ByName.Keys)
        {
            var requestSchemas = RequestSchemas(await OpenApiDocuments.GetAsync(service));
            string Location(string[] path) => Locate(path, requestSchemas);
            var spectral = JsonNode
                .Parse(await File.ReadAllTextAsync(Path.Combine(output, service + ".spectral.json")))!
                .AsArray();
            errors.AddRange(
                spectral
                    .Where(p => (int)p!["severity"]! == 0)
                    .Select(p => new LintError(
                        "spectral",
                        (string)p!["code"]!,
                        service,
                        Location(p["path"]!.AsArray().Select(s => (string)s!).ToArray()),
                        (string)p["message"]!
                    ))
            );
            var redocly = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, service + ".redocly.json")))![
                "problems"
            ]!.AsArray();
            errors.AddRange(
                redocly
                    .Where(p => (string)p!["severity"]! == "error")
                    .Select(p => new LintError(
                        "redocly",
                        (string)p!["ruleId"]!,
                        service,
                        Location(Pointer((string)p["location"]![0]!["pointer"]!)),
                        (string)p["message"]!
                    ))
            );
        }

        var rules = LoadJustifications(Path.Combine(root, JustificationsPath));
        var unmatched = errors.Where(e => !rules.Any(r => r.Matches(e))).ToArray();
        var summary = string.Join(
            "\n",
            errors
                .GroupBy(e => (e.Tool, e.Rule))
                .OrderBy(g => g.Key)
                .Select(g =>
                    $"{g.Key.Tool} {g.Key.Rule}: {g.Count()} "
                    + $"({rules.FirstOrDefault(r => g.All(r.Matches))?.Verdict ?? "partly unmatched"})"
                )
        );
        await File.WriteAllTextAsync(
            Path.Combine(work, "summary.txt"),
            summary + "\n\nUnmatched:\n" + string.Join("\n", unmatched.Select(u => u.ToString()))
        );
        await TestContext.Out.WriteLineAsync(summary);

        Assert.Multiple(() =>
        {
            Assert.That(
                Directory.GetFiles(output, "*.spectral.json"),
                Has.Length.EqualTo(Services.ByName.Count),
                "a Spectral result per service"
            );
            Assert.That(
                unmatched.Select(u => u.ToString()),
                Is.Empty,
                $"lint errors with no line in {JustificationsPath}"
            );
        });
    }

    private static string[] Pointer(string pointer) =>
        pointer
            .TrimStart('#')
            .Trim('/')
            .Split('/')
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            .ToArray();

    /// <summary>
    /// <c>GET /api/cards/{cardId}</c> for anything under an operation, else <c>#/components/schemas/X</c>
    /// and the like; prefixed <c>answer:</c> when it describes only what the service answers (an
    /// operation's responses, or a component schema no parameter or request body refers to), so a
    /// justification can cover answers without covering anything a client sends.
    /// </summary>
    private static string Locate(string[] path, HashSet<string> requestSchemas) =>
        path is ["paths", var api, var method, "responses", ..] ? $"answer:{method.ToUpperInvariant()} {api}"
        : path is ["paths", var api2, var method2, ..] ? $"{method2.ToUpperInvariant()} {api2}"
        : path is ["paths", var only] ? only
        : path is ["components", "schemas", var schema, ..] && !requestSchemas.Contains(schema)
            ? "answer:#/components/schemas/" + schema
        : "#/" + string.Join("/", path.Take(3));

    /// <summary>The component schemas a request can carry: referred to, directly or through other schemas, by a
    /// parameter or a request body.</summary>
    private static HashSet<string> RequestSchemas(JsonObject document)
    {
        var schemas = document["components"]?["schemas"] as JsonObject;
        var found = new HashSet<string>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    if (
                        (string?)o["$ref"] is { } reference
                        && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                        && found.Add(reference["#/components/schemas/".Length..])
                    )
                    {
                        Walk(schemas?[reference["#/components/schemas/".Length..]]);
                    }

                    foreach (var (_, child) in o)
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Walk(child);
                    }

                    break;
            }
        }

        foreach (var (_, item) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                if (operation is JsonObject op)
                {
                    Walk(op["parameters"]);
                    Walk(op["requestBody"]);
                }
            }
        }

        return found;
    }

    private sealed record LintError(string Tool, string Rule, string Service, string Location, string Message)
    {
        public override string ToString() => $"{Tool} | {Rule} | {Service} | {Location} | {Message}";
    }

    private sealed record Justification(string Tool, string Rule, string Service, Regex Location, string Verdict)
    {
        public bool Matches(LintError e) =>
            (Tool == "*" || Tool == e.Tool)
            && (Rule == "*" || Rule == e.Rule)
            && (Service == "*" || Service == e.Service)
            && Location.IsMatch(e.Location);
    }

    /// <summary>Rows <c>| tool | rule | service | location glob | verdict | reason |</c>; <c>*</c> in a glob matches
    /// anything.</summary>
    private static List<Justification> LoadJustifications(string path) =>
        File.ReadAllLines(path)
            .Where(l =>
                l.StartsWith("| ", StringComparison.Ordinal)
                && !l.StartsWith("| tool", StringComparison.Ordinal)
                && !l.StartsWith("| ---", StringComparison.Ordinal)
            )
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())
            .Select(c =>
            {
                Assert.That(
                    c,
                    Has.Length.EqualTo(6),
                    $"{JustificationsPath}: a row needs 6 cells: {string.Join(" | ", c)}"
                );
                Assert.That(c[5], Is.Not.Empty, $"{JustificationsPath}: every row gives a reason");
                return new Justification(
                    c[0],
                    c[1],
                    c[2],
                    new Regex("^" + Regex.Escape(c[3]).Replace("\\*", ".*", StringComparison.Ordinal) + "$"),
                    c[4]
                );
            })
            .ToList();
}
