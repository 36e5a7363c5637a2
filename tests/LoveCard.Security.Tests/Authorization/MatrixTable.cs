using System.Text.RegularExpressions;

namespace LoveCard.Security.Tests.Authorization;

/// <summary>The expected answers and example requests of <c>docs/security/authorization-matrix.md</c>.</summary>
public sealed partial class MatrixTable
{
    public const string RelativePath = "docs/security/authorization-matrix.md";

    public required IReadOnlyList<string> Callers { get; init; }

    /// <summary>"GET /api/cards/{cardId}" → caller column → expected cell.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Expected { get; init; }

    public required IReadOnlyDictionary<string, (string Query, string Body)> Requests { get; init; }

    public static MatrixTable Load()
    {
        var lines = File.ReadAllLines(Path.Combine(TestInfrastructure.RepositoryRoot(), RelativePath));
        var callers = new List<string>();
        var expected = new Dictionary<string, Dictionary<string, string>>();
        // The people's table, then the township and village officials' (ADR 0044): one row per endpoint in each.
        Read(Section(lines, "## Expected answers"), callers, expected);
        Read(Section(lines, "## Expected answers of township and village officials"), callers, expected);
        var requests = new Dictionary<string, (string, string)>();
        foreach (var line in Section(lines, "## Example requests").Where(IsRow))
        {
            var cells = Cells(line);
            requests.Add(cells[0], (cells[1], cells[2].Trim('`')));
        }

        return new MatrixTable
        {
            Callers = callers,
            Expected = expected.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value),
            Requests = requests,
        };
    }

    private static void Read(
        IEnumerable<string> section,
        List<string> allCallers,
        Dictionary<string, Dictionary<string, string>> expected
    )
    {
        var rows = section.ToArray();
        var header = Cells(rows.First(l => l.StartsWith("| endpoint", StringComparison.Ordinal)));
        var callers = header.Skip(1).ToArray();
        allCallers.AddRange(callers);
        foreach (var line in rows.Where(IsRow))
        {
            var cells = Cells(line);
            if (cells.Length != header.Length)
            {
                throw new InvalidOperationException(
                    $"{RelativePath}: row has {cells.Length} cells, header has {header.Length}: {line}"
                );
            }

            foreach (var cell in cells.Skip(1))
            {
                if (cell is not ("ok" or "401" or "403" or "404" or "403/404"))
                {
                    throw new InvalidOperationException($"{RelativePath}: unknown answer '{cell}' in: {line}");
                }
            }

            if (!expected.TryGetValue(cells[0], out var row))
            {
                expected[cells[0]] = row = [];
            }

            foreach (var (caller, i) in callers.Select((c, i) => (c, i)))
            {
                row.Add(caller, cells[i + 1]);
            }
        }
    }

    private static bool IsRow(string line) =>
        line.StartsWith("| ", StringComparison.Ordinal)
        && !line.StartsWith("| endpoint", StringComparison.Ordinal)
        && !line.StartsWith("| ---", StringComparison.Ordinal);

    private static IEnumerable<string> Section(string[] lines, string heading) =>
        lines
            .SkipWhile(l => l.Trim() != heading)
            .Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));

    private static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    /// <summary>Replaces <c>{name}</c> with <paramref name="values"/>[name]; <c>{unique}</c> is new on every
    /// call.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder()
            .Replace(template, m => m.Groups[1].Value switch
                {
                    "unique" => Guid.NewGuid().ToString("N")[..16],
                    var name when values.TryGetValue(name, out var value) => value,
                    var name => throw new InvalidOperationException($"No value for {{{name}}} in the matrix world."),
                });

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
