namespace LoveCard.Identity.Sms;

/// <summary>
/// Sends a text message. The built-in <see cref="DevelopmentSmsSender"/> writes to a file and the
/// log; a real gateway is another implementation registered in its place (docs/identity.md).
/// </summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string message, CancellationToken ct);
}
