namespace LoveCard.Console.Api;

/// <summary>The agent's own data for a consent (sent once; answered masked).</summary>
public sealed record AgentInput(string Name, string IdNumber, string Relation, string Phone);
