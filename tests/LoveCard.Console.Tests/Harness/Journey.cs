using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Harness;

/// <summary>
/// A browser journey: a fresh context (1366×768, zh-CN, Asia/Shanghai) per test against the shared
/// system, helpers that wait for the page to be interactive before any click (a click made before
/// the Blazor circuit connects is lost), and a screenshot saved as a test artifact.
/// </summary>
public abstract class Journey
{
    protected ConsoleSystem System { get; private set; } = default!;

    private readonly List<IBrowserContext> _contexts = [];

    [OneTimeSetUp]
    public async Task StartSystemAsync() => System = await TestSetup.SystemAsync();

    [TearDown]
    public async Task CloseContextsAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        var n = 0;
        foreach (var context in _contexts)
        {
            foreach (var open in context.Pages)
            {
                if (failed)
                {
                    await ShotAsync(open, $"failed-{TestContext.CurrentContext.Test.Name}-{n++}");
                }
            }

            await context.CloseAsync();
        }

        _contexts.Clear();
    }

    protected async Task<IPage> NewPageAsync()
    {
        var browser = await TestSetup.BrowserAsync();
        var context = await browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
                Locale = "zh-CN",
                TimezoneId = "Asia/Shanghai",
                BaseURL = System.ConsoleUrl.ToString().TrimEnd('/'),
                AcceptDownloads = true,
            }
        );
        context.SetDefaultTimeout(30_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => TestContext.Progress.WriteLine($"[browser {message.Type}] {message.Text}");
        return page;
    }

    /// <summary>Opens a console page and waits until it is interactive (the layout's marker).</summary>
    protected static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await InteractiveAsync(page);
    }

    /// <summary>Signs in and lands on <paramref name="path"/>, interactive.</summary>
    protected async Task SignInAsync(IPage page, Person who, string path = "/")
    {
        var query =
            $"role={who.Role}&user={who.User}&county={who.County}&provider={who.ProviderId}"
            + $"&returnUrl={Uri.EscapeDataString(path)}";
        await page.GotoAsync("/dev/signin/as?" + query);
        await InteractiveAsync(page);
    }

    /// <summary>
    /// On the sign-in page the console sent the browser to: sign in as <paramref name="who"/>, keeping the way back.
    /// </summary>
    protected static async Task SignInAgainAsync(IPage page, Person who)
    {
        var returnUrl = global::System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["returnUrl"]
            ?? global::System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["ReturnUrl"]
            ?? "/";
        var query =
            $"role={who.Role}&user={who.User}&county={who.County}&provider={who.ProviderId}"
            + $"&returnUrl={Uri.EscapeDataString(returnUrl)}";
        await page.GotoAsync("/dev/signin/as?" + query);
    }

    protected static Task InteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

    /// <summary>Saves a full-page screenshot under artifacts/console/ and attaches it to the test result.</summary>
    protected static async Task<string> ShotAsync(IPage page, string name)
    {
        var directory = Path.Combine(TestInfrastructure.RepositoryRoot(), "artifacts", "console");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, name);
        return file;
    }
}
