using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.Core.Charity;
using LoveCard.Settlement.Core.Funds;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Core.ReadModels;
using LoveCard.Settlement.Core.Visits;
using MassTransit;

namespace LoveCard.Settlement.Core;

/// <summary>The core module: read models, purchases, the ledger, funds, voids, refunds and orders.</summary>
public static class CoreModule
{
    /// <summary>
    /// Registers the module's consumers (the read models) by namespace scanning, the one way every LoveCard consumer is
    /// registered: a new
    /// consumer class in this module's folders is found without another line.
    /// </summary>
    public static void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumersFromNamespaceContaining(typeof(CoreModule));

    public static IServiceCollection AddSettlementCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient("cards");
        // The terminal's bodies through compile-time JSON, ahead of reflection for every other type (ADR 0049).
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, PurchaseJson.Default)
        );
        services.AddSingleton<QrKeyCache>();
        services.AddSingleton<QrCodes>();
        services.AddSingleton<PurchaseEvaluation>();
        services.AddSingleton<Purchasing>();
        services.AddSingleton<Visiting>();
        services.AddSingleton<PurchaseQueries>();
        services.AddSingleton<Reversals>();
        services.AddSingleton<FundStore>();
        services.AddSingleton<FundCover>();
        services.AddSingleton<CharityWeightStore>();
        services.AddSingleton<CharityAllocationQueries>();
        services.AddSingleton<CharityFundStore>();
        services.AddSingleton<SettlementMetrics>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<SelfService.SelfServiceStore>();
        services.AddSingleton<IScheduledJob, FundLowJob>();
        services.AddSingleton<IScheduledJob, OrderExpiryJob>();
        return services;
    }

    /// <summary>Maps the core's endpoints: the signed terminal ones on <paramref name="terminal"/>, the rest on the
    /// app.</summary>
    public static WebApplication MapSettlementCore(this WebApplication app, RouteGroupBuilder terminal)
    {
        // The meter from the start, so the funds' gauge is there before the first purchase.
        app.Services.GetRequiredService<SettlementMetrics>();
        terminal.MapPurchasesApi();
        terminal.MapVisitsApi();
        app.MapFundsApi();
        app.MapTopUpListApi();
        app.MapCharityFundApi();
        app.MapCharityWeightsApi();
        app.MapOrdersApi();
        SelfService.SelfServiceApi.MapSelfServiceApi(app);
        return app;
    }
}
