namespace LoveCard.Contracts.ReadModels;

/// <summary>One aggregate's current version at its source, and when it last changed.</summary>
public sealed record AggregateWatermark(string AggregateId, long Version, DateTimeOffset ChangedAt);
