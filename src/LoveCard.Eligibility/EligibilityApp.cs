using LoveCard.Hosting;

namespace LoveCard.Eligibility;

/// <summary>The eligibility service: the elder register, county settings, category 1/2/3 classification and subsidy policy.</summary>
public static class EligibilityApp
{
    public static readonly ServiceDefinition Definition = new("eligibility", "eligibility", 5102, typeof(EligibilityApp).Assembly);

    /// <summary>Builds the service; tests pass <paramref name="configure"/> to override settings or the clock.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EligibilityApp).Assembly.GetName().Name,
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
