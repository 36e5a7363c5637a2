namespace LoveCard.Hosting.ReadModels;

/// <summary>Turns the aggregate ids a reader asked for into a source's keys, leaving out what cannot be one.</summary>
public static class SourceIds
{
    /// <summary>The ids that are GUIDs (cards, elders, providers, care workers).</summary>
    public static Guid[] Guids(IEnumerable<string> aggregateIds) =>
        aggregateIds.Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToArray();

    /// <summary>
    /// What follows <paramref name="prefix"/> in the ids that have it
    /// (<c>county-settings:330903</c> gives <c>330903</c>).
    /// </summary>
    public static string[] After(string prefix, IEnumerable<string> aggregateIds) =>
        aggregateIds
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))
            .Select(id => id[prefix.Length..])
            .ToArray();
}
