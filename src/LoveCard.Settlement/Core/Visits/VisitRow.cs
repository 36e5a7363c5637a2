namespace LoveCard.Settlement.Core.Visits;

/// <summary>A row of <c>visits</c> (migration 074), as read for a check-out, a purchase's proof or a look-up.</summary>
public sealed class VisitRow
{
    public Guid VisitId { get; init; }

    public Guid ProviderId { get; init; }

    public string ProviderCounty { get; init; } = "";

    public string Status { get; init; } = "";

    public string? DeclineCode { get; init; }

    public Guid? ElderId { get; init; }

    public string? MaskedName { get; init; }

    public int? Category { get; init; }

    public string? HomeCounty { get; init; }

    public string Item { get; init; } = "";

    public string CareWorkerId { get; init; } = "";

    public double? HomeLat { get; init; }

    public double? HomeLon { get; init; }

    public DateTimeOffset CheckedInAt { get; init; }

    public int? CheckInDistanceM { get; init; }

    public DateTimeOffset? CheckedOutAt { get; init; }

    public int? CheckOutDistanceM { get; init; }

    public int? DurationMinutes { get; init; }

    public int? MinimumMinutes { get; init; }

    public bool? Valid { get; init; }

    public string[] Problems { get; init; } = [];
}
