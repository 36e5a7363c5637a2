using LoveCard.Contracts.ReadModels;
using Npgsql;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// A kind of aggregate this service is the source of, served to the services that keep read models
/// of it (ADR 0015): a cheap watermark (every aggregate's current version, paged in the source's own
/// order) and, on request, the current state of named aggregates as the events that carry it, each
/// with the aggregate's current version. Register with <c>services.AddAggregateSource&lt;T&gt;()</c>.
/// </summary>
public interface IAggregateSource
{
    /// <summary>One of <see cref="ReadModelKinds"/>.</summary>
    string Kind { get; }

    /// <summary>Up to <paramref name="limit"/> aggregates after the cursor <paramref name="after"/>, and the next
    /// cursor.</summary>
    Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    );

    /// <summary>
    /// The current state of each named aggregate the source knows, read in <paramref name="transaction"/>
    /// (repeatable read, so a state and its version belong together).
    /// </summary>
    Task<IReadOnlyList<SourceState>> StatesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<string> aggregateIds,
        CancellationToken ct
    );
}
