using System.Collections.Concurrent;

namespace LoveCard.Console.Uploads;

/// <summary>
/// The row count of each roster uploaded through this console, by import id, so the progress bar
/// keeps its total when the clerk leaves the page and comes back. Lost on restart, when the page
/// falls back to the rows read so far (issue 17 gives the service the total up front).
/// </summary>
public sealed class ImportTotals
{
    private readonly ConcurrentDictionary<Guid, long> _totals = new();

    public void Remember(Guid importId, long rows) => _totals[importId] = rows;

    public long? Of(Guid importId) => _totals.TryGetValue(importId, out var rows) ? rows : null;
}
