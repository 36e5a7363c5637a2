using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Harness;

/// <summary>
/// Debian's Chromium driven by Playwright (no Playwright browser download is reachable here). A
/// missing browser fails the journeys with what to install; it never skips them.
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException(
                $"{Path} is missing: run `apt-get install -y chromium fonts-noto-cjk` (deploy/local/test.sh does it)."
            );
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = Path,
                Headless = true,
                Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN"],
            }
        );
        return (playwright, browser);
    }
}
