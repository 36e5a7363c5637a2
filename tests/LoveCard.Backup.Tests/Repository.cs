namespace LoveCard.Backup.Tests;

/// <summary>The repository's root, found from the test's directory (where <c>LoveCard.sln</c> is).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LoveCard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName
            ?? throw new InvalidOperationException("LoveCard.sln not found above " + AppContext.BaseDirectory);
    }
}
