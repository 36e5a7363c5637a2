namespace LoveCard.Console.Api;

/// <summary>One page of a listing: the services differ in the other members, every one has these two.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, long Total);
