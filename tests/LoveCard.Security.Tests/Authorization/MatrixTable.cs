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
        var expectedSection = Section(lines, "## Expected answers");
        var header = Cells(expectedSection.First(l => l.StartsWith("| endpoint", StringComparison.Ordinal)));
        var callers = header.Skip(1).ToArray();
        var expected = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var line in expectedSection.Where(IsRow))
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

            expected.Add(cells[0], callers.Select((c, i) => (c, cells[i + 1])).ToDictionary(p => p.c, p => p.Item2));
        }

        var requests = new Dictionary<string, (string, string)>();
        foreach (var line in Section(lines, "## Example requests").Where(IsRow))
        {
            var cells = Cells(line);
            requests.Add(cells[0], (cells[1], cells[2].Trim('`')));
        }

        return new MatrixTable
        {
            Callers = callers,
            Expected = expected,
            Requests = requests,
        };
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
