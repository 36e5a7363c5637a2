using System.Net.Http.Headers;

namespace LoveCard.Console.Api;

/// <summary>Registers one HTTP client per service and the typed clients the pages use.</summary>
public static class ServiceClients
{
    public static IServiceCollection AddServiceClients(this IServiceCollection services, IConfiguration configuration)
    {
        var addresses = new ServiceAddresses();
        configuration.GetSection("Services").Bind(addresses);
        services.AddSingleton(addresses);
        foreach (var service in Enum.GetValues<Service>())
        {
            services.AddHttpClient(service.ToString(), client =>
            {
                client.BaseAddress = addresses.Of(service);
                client.Timeout = TimeSpan.FromSeconds(100);
                // Issue 17 answers problems in Chinese when asked; the console shows its own sentence either way.
                client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
            });
        }

        services.AddScoped<ApiCaller>();
        services.AddScoped<CardsClient>();
        services.AddScoped<EligibilityClient>();
        services.AddScoped<WhitelistClient>();
        services.AddScoped<FundsClient>();
        services.AddScoped<StatementsClient>();
        services.AddScoped<SupervisionClient>();
        services.AddScoped<ClearingClient>();
        services.AddScoped<AuditClient>();
        services.AddScoped<Names>();
        return services;
    }
}
