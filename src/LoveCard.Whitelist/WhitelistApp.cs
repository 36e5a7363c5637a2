using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Counties;
using LoveCard.Hosting.Jobs;
using LoveCard.Hosting.ReadModels;
using LoveCard.Whitelist.CareWorkers;
using LoveCard.Whitelist.Credit;
using LoveCard.Whitelist.Directory;
using LoveCard.Whitelist.Items;
using LoveCard.Whitelist.PriceStandards;
using LoveCard.Whitelist.Providers;
using LoveCard.Whitelist.Sources;
using LoveCard.Whitelist.Terminals;
using MassTransit;

namespace LoveCard.Whitelist;

/// <summary>The whitelist service: providers, items and prices, credit score and exit, terminals and care
/// workers.</summary>
public static class WhitelistApp
{
    public static readonly ServiceDefinition Definition = new(
        "whitelist",
        "whitelist",
        5103,
        typeof(WhitelistApp).Assembly,
        MaxPoolSize: 20
    );

    /// <summary>Builds the service; tests pass <paramref name="configure"/> to override settings or the
    /// clock.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions
            {
                Args = args,
                ApplicationName = typeof(WhitelistApp).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            }
        );
        // Consumers are found by namespace scanning, the one way every LoveCard consumer is registered.
        builder.AddLoveCardDefaults(Definition, bus => bus.AddConsumersFromNamespaceContaining(typeof(WhitelistApp)));
        builder.Services.AddSingleton<ProviderStore>();
        builder.Services.AddSingleton<PriceStandardStore>();
        builder.Services.AddSingleton<ProviderItemStore>();
        builder.Services.AddSingleton<CreditStore>();
        builder.Services.AddSingleton<TerminalStore>();
        builder.Services.AddSingleton<CareWorkerStore>();
        builder.Services.AddSingleton<IScheduledJob, ContractEndJob>();
        builder.Services.AddAggregateSource<ProviderSource>();
        builder.Services.AddAggregateSource<PriceStandardsSource>();
        builder.Services.AddAggregateSource<TerminalSource>();
        builder.Services.AddAggregateSource<CareWorkerSource>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLoveCardDefaults();
        app.RefuseUnknownCounties();
        app.MapPriceStandardsApi();
        app.MapProvidersApi();
        app.MapProviderItemsApi();
        app.MapCreditApi();
        app.MapTerminalsApi();
        app.MapCareWorkersApi();
        app.MapDirectoryApi();
        return app;
    }
}
