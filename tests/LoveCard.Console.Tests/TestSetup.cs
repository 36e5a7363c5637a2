using LoveCard.Console.Tests.Harness;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests;

/// <summary>
/// Once per run: the real PostgreSQL and RabbitMQ, the system with the demo county, and Chromium.
/// Every journey shares them (a fresh browser context each), which keeps the project to minutes.
/// </summary>
[SetUpFixture]
public sealed class TestSetup
{
    private static Task<ConsoleSystem>? _system;
    private static Task<(IPlaywright Playwright, IBrowser Browser)>? _chromium;
    private static readonly object Gate = new();

    /// <summary>Started on first use, so the unit and component tests never wait for it.</summary>
    public static Task<ConsoleSystem> SystemAsync()
    {
        lock (Gate)
        {
            return _system ??= ConsoleSystem.StartAsync();
        }
    }

    public static async Task<IBrowser> BrowserAsync()
    {
        lock (Gate)
        {
            _chromium ??= Chromium.LaunchAsync();
        }

        return (await _chromium).Browser;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_chromium is not null)
        {
            var (playwright, browser) = await _chromium;
            await browser.CloseAsync();
            playwright.Dispose();
        }

        if (_system is not null)
        {
            await (await _system).DisposeAsync();
        }
    }
}
