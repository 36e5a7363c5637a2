using LoveCard.Console.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Harness;

/// <summary>
/// A browser journey: a fresh browser context (1366×768, zh-CN, Asia/Shanghai) per page against the
/// shared system; sign-in through identity's own pages (password, then the TOTP code); a wait for
/// the page to be interactive before any click (a click made before the Blazor circuit connects is
/// lost); screenshots saved as test artifacts. A person signed in once keeps their cookies for the
/// following journeys, as a clerk keeps a browser open through the day.
/// </summary>
public abstract class Journey
{
    private static readonly Dictionary<string, string> SignedIn = [];

    private readonly List<IBrowserContext> _contexts = [];

    protected ConsoleSystem System { get; private set; } = default!;

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

    /// <summary>
    /// Opens <paramref name="path"/> as <paramref name="who"/>: with the cookies of their last sign-in,
    /// or (<paramref name="fresh"/>, or the first time) through identity's sign-in pages.
    /// </summary>
    protected async Task<IPage> OpenAsync(Person who, string path, bool fresh = false, string? shots = null)
    {
        var page = await NewPageAsync(fresh ? null : SignedIn.GetValueOrDefault(who.UserName));
        await page.GotoAsync(path);
        await SignInOnIdentityAsync(page, who, shots);
        await InteractiveAsync(page);
        SignedIn[who.UserName] = await page.Context.StorageStateAsync();
        return page;
    }

    /// <summary>
    /// Whatever identity asks on the way (user name and password, the TOTP code), until the console is back.
    /// </summary>
    protected async Task SignInOnIdentityAsync(IPage page, Person who, string? shots = null)
    {
        // A deadline rather than a count of steps: on a loaded machine the redirects take their time.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!OnConsole(page))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"still not back at the console: {page.Url}");
            var here = new Uri(page.Url).AbsolutePath;
            Assert.That(here, Is.Not.EqualTo("/signin-failed"), "the console could not finish the sign-in");
            Func<Task>? submit =
                here.EndsWith("/account/login", StringComparison.Ordinal) ? () => PasswordAsync(page, who)
                : here.EndsWith("/account/two-factor", StringComparison.Ordinal) ? () => TotpAsync(page, who, shots)
                : null;
            if (submit is null)
            {
                await page.WaitForTimeoutAsync(300);
                continue;
            }

            if (!await FormShownAsync(page))
            {
                // Identity answered with an error page (a 503 while its database is slow): ask again.
                await page.GotoAsync(page.Url);
                continue;
            }

            // Any navigation counts, to the same page too: a refused step is then filled in again.
            var navigated = new TaskCompletionSource();
            void OnNavigated(object? sender, IFrame frame)
            {
                if (frame == page.MainFrame)
                {
                    navigated.TrySetResult();
                }
            }

            page.FrameNavigated += OnNavigated;
            try
            {
                await submit();
                await navigated.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                page.FrameNavigated -= OnNavigated;
            }
        }
    }

    private static async Task PasswordAsync(IPage page, Person who)
    {
        await page.Locator("#userName").FillAsync(who.UserName);
        await page.Locator("#password").FillAsync(who.Password);
        await page.Locator("button[type=submit]", new() { HasText = "登录" }).First.ClickAsync();
    }

    private static async Task TotpAsync(IPage page, Person who, string? shots)
    {
        if (shots is not null)
        {
            await ShotAsync(page, shots + "-totp");
        }

        await page.Locator("#code").FillAsync(await Totps.NextAsync(who.TotpSecret!));
        await page.Locator("button[type=submit]", new() { HasText = "验证" }).ClickAsync();
    }

    private static async Task<bool> FormShownAsync(IPage page)
    {
        try
        {
            await page.Locator("form button[type=submit]").First.WaitForAsync(new() { Timeout = 15_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private bool OnConsole(IPage page)
    {
        var url = new Uri(page.Url);
        return url.Authority == System.ConsoleUrl.Authority
            && !url.AbsolutePath.StartsWith("/signin", StringComparison.Ordinal);
    }

    protected async Task<IPage> NewPageAsync(string? storageState = null)
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
                StorageState = storageState,
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

    protected static Task InteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

    /// <summary>The server-side session key behind the page's cookie (the cookie carries nothing else).</summary>
    protected async Task<string> SessionKeyAsync(IPage page)
    {
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "lovecard.console");
        var options = System
            .Console.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(ConsoleAuth.Cookie);
        var ticket = options.TicketDataFormat.Unprotect(cookie.Value)!;
        return ticket.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")!.Value;
    }

    /// <summary>The access token the console calls the services with for this page's person (identity's own).</summary>
    protected async Task<string> AccessTokenAsync(IPage page) =>
        await System
            .Console.Services.GetRequiredService<TokenKeeper>()
            .AccessTokenAsync(await SessionKeyAsync(page), CancellationToken.None);

    /// <summary>
    /// A picture of a workspace for docs/console.md: the 1366×768 window as a person sees it, under
    /// artifacts/console/docs/ (copied into docs/console/ by hand when the screens change, so a test
    /// run never edits the repository).
    /// </summary>
    protected static async Task DocsShotAsync(IPage page, string name)
    {
        var directory = Path.Combine(TestInfrastructure.RepositoryRoot(), "artifacts", "console", "docs");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, name + ".png");
        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = false });
        TestContext.AddTestAttachment(file, "docs/console/" + name);
    }

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
