namespace LoveCard.Hosting.Messaging;

/// <summary>One consumer class and the queue it reads.</summary>
public sealed record ConsumerEndpoint(Type Consumer, string Queue);
