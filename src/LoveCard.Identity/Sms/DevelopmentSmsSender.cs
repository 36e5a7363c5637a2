using LoveCard.Hosting.PersonalData;
using LoveCard.Identity.SignIn;

namespace LoveCard.Identity.Sms;

/// <summary>
/// Development only: appends each message to <see cref="SignInOptions.SmsOutboxFile"/> (one line:
/// time, number, text) and logs it with the number masked, so a developer can read the code.
/// </summary>
public sealed class DevelopmentSmsSender(SignInOptions options, TimeProvider time, ILogger<DevelopmentSmsSender> logger)
    : ISmsSender
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task SendAsync(string phone, string message, CancellationToken ct)
    {
        var path = Path.GetFullPath(options.SmsOutboxFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Gate.WaitAsync(ct);
        try
        {
            await File.AppendAllTextAsync(path, $"{time.GetUtcNow():O}\t{phone}\t{message}{Environment.NewLine}", ct);
        }
        finally
        {
            Gate.Release();
        }

        logger.LogInformation(
            "Development SMS to {Phone}: {Message} (also in {File})",
            PersonalDataProtector.MaskPhone(phone),
            message,
            path
        );
    }
}
