using System.Text.RegularExpressions;
using LoveCard.Identity.SignIn;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Identity.Tests;

/// <summary>Reads the development SMS outbox file the in-process identity writes.</summary>
public static partial class Sms
{
    public static async Task<string> LastCodeAsync(string phone)
    {
        var file = Hosts.Identity.Services.GetRequiredService<SignInOptions>().SmsOutboxFile;
        string? code = null;
        await Eventually.AssertAsync(
            async () =>
            {
                if (!File.Exists(file))
                {
                    return false;
                }

                var line = (await File.ReadAllLinesAsync(file)).LastOrDefault(l =>
                    l.Contains('\t' + phone + '\t', StringComparison.Ordinal)
                );
                code = line is null ? null : Code().Match(line.Split('\t')[2]).Value;
                return code is { Length: 6 };
            },
            TimeSpan.FromSeconds(10),
            () => $"an SMS to {phone} in {file}"
        );
        return code!;
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex Code();
}
