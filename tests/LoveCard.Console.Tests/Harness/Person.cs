namespace LoveCard.Console.Tests.Harness;

/// <summary>Someone the journeys sign in as.</summary>
public sealed record Person(string Role, string? County, string User, Guid? ProviderId = null);
