namespace LoveCard.Identity.Sms;

/// <summary>
/// Outside Development until a gateway is plugged in: SMS sign-in says it is unavailable rather than pretend.
/// </summary>
public sealed class UnconfiguredSmsSender : ISmsSender
{
    public Task SendAsync(string phone, string message, CancellationToken ct) =>
        throw new InvalidOperationException("No SMS gateway is configured (docs/identity.md, \"SMS gateway\").");
}
