namespace LoveCard.Architecture.Tests;

/// <summary>The repository's own files, found from the test's build output upwards (no server needed).</summary>
public static class Repository
{
    public static readonly string Root = FindRoot();

    /// <summary>The services: each its own process and schema, referencing only the contracts and the hosting
    /// library.</summary>
    public static readonly IReadOnlyList<string> Services =
    [
        "Cards",
        "Eligibility",
        "Whitelist",
        "Settlement",
        "Identity",
    ];

    /// <summary>The services present in this checkout (a service is its <c>src/LoveCard.&lt;Name&gt;</c>
    /// project).</summary>
    public static IEnumerable<string> PresentServices() => Services.Where(s => File.Exists(Project(s)));

    public static string Project(string name) =>
        Path.Combine(Root, "src", $"LoveCard.{name}", $"LoveCard.{name}.csproj");

    /// <summary>The files under <paramref name="relative"/> with one of the extensions, build output left
    /// out.</summary>
    public static IEnumerable<string> Files(string relative, params string[] extensions) =>
        Directory
            .EnumerateFiles(Path.Combine(Root, relative), "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoveCard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No LoveCard.sln above {AppContext.BaseDirectory}.");
    }
}
