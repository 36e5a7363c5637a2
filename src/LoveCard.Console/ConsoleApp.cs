using System.Globalization;
using LoveCard.Console.Api;
using LoveCard.Console.Auth;
using LoveCard.Console.Components;
using LoveCard.Console.Downloads;

namespace LoveCard.Console;

/// <summary>
/// The web console (issue 16): a Blazor Web App on Interactive Server, in Chinese, that signs people
/// in through the identity service and calls the four services with their token (ADR 0017). It owns
/// no data: every figure on screen comes from a service's API.
/// </summary>
public static class ConsoleApp
{
    public const int DefaultPort = 5100;

    /// <summary>Builds the console; tests pass <paramref name="configure"/> to override settings.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { Args = args, ApplicationName = typeof(ConsoleApp).Assembly.GetName().Name }
        );
        UseChinese();
        if (builder.Configuration["urls"] is null && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{DefaultPort}");
        }

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddAntDesign();
        builder.Services.AddConsoleAuth(builder.Configuration, builder.Environment);
        builder.Services.AddServiceClients(builder.Configuration);
        builder.Services.AddScoped<LoveCard.Console.Workspaces.Workspace>();
        builder.Services.AddScoped<LoveCard.Console.Workspaces.Attempt>();
        builder.Services.AddSingleton<LoveCard.Console.Uploads.ImportTotals>();
        builder.Services.AddHealthChecks();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/health/live");
        app.MapHealthChecks("/health/ready");
        app.MapConsoleAuth();
        app.MapDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
        return app;
    }

    /// <summary>
    /// Every screen is zh-CN: the culture formats numbers and dates, and Ant Design's own texts
    /// (pagination, date pickers, empty tables) follow its locale.
    /// </summary>
    private static void UseChinese()
    {
        var chinese = CultureInfo.GetCultureInfo("zh-CN");
        CultureInfo.DefaultThreadCurrentCulture = chinese;
        CultureInfo.DefaultThreadCurrentUICulture = chinese;
        AntDesign.LocaleProvider.DefaultLanguage = "zh-CN";
        AntDesign.LocaleProvider.SetLocale("zh-CN");
    }
}
