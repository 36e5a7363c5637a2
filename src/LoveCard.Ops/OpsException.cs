using LoveCard.Hosting.Auth;

namespace LoveCard.Ops;

public sealed class OpsException(string message) : Exception(message);
