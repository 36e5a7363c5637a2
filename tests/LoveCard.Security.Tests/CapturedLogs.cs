using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LoveCard.Security.Tests;

/// <summary>Every log entry the in-process services wrote: the formatted message, its structured values, its scopes and
/// any exception.</summary>
public sealed class CapturedLogs
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public void Add(CapturedLog entry) => _entries.Enqueue(entry);

    public IReadOnlyList<CapturedLog> Entries => _entries.ToArray();
}
