namespace LoveCard.Console.Workspaces;

/// <summary>One menu entry: a page, or a group of pages (<see cref="Children"/>).</summary>
public sealed record NavEntry(
    string Key,
    string Label,
    string? Href = null,
    string? Icon = null,
    IReadOnlyList<NavEntry>? Children = null
)
{
    public bool IsGroup => Children is { Count: > 0 };
}
