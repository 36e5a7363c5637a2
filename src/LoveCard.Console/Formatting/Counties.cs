using System.Collections.Frozen;
using System.Reflection;

namespace LoveCard.Console.Formatting;

/// <summary>
/// The 90 county-level divisions of Zhejiang (reference data, DOMAIN.md §8) with their city and the
/// mountain (山区26县) and island (海岛县) flags: names on screen instead of bare codes.
/// </summary>
public static class Counties
{
    public sealed record County(string Code, string Name, string City, bool Mountain, bool Island);

    public static IReadOnlyList<County> All { get; } = Load();

    private static readonly FrozenDictionary<string, County> ByCode = All.ToFrozenDictionary(c => c.Code);

    public static County? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var c) ? c : null;

    /// <summary>330903 → 舟山市普陀区; an unknown code is shown as it is.</summary>
    public static string Name(string? code) => Find(code) is { } c ? c.City + c.Name : code ?? "—";

    private static List<County> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("zhejiang-counties.csv")!;
        using var reader = new StreamReader(stream);
        var counties = new List<County>();
        reader.ReadLine();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            counties.Add(new County(f[0], f[1], f[2], f[3] == "1", f[4] == "1"));
        }

        return counties;
    }
}
