using LoveCard.Hosting;

namespace LoveCard.Whitelist;

/// <summary>The whitelist service: providers, items and prices, credit score and exit, terminals and care workers.</summary>
public static class WhitelistApp
{
    public static readonly ServiceDefinition Definition = new("whitelist", "whitelist", 5103, typeof(WhitelistApp).Assembly);

    /// <summary>Builds the service; tests pass <paramref name="configure"/> to override settings or the clock.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(WhitelistApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddLoveCardDefaults(Definition, bus =>
        {
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLoveCardDefaults();
        return app;
    }
}
