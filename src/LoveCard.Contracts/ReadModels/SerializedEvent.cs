namespace LoveCard.Contracts.ReadModels;

/// <summary>An integration event by its full type name and JSON body (web defaults, camelCase).</summary>
public sealed record SerializedEvent(string MessageType, string Body);
