using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.Core.Funds;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Core.ReadModels;
using MassTransit;

namespace LoveCard.Settlement.Core;

/// <summary>The core module: read models, purchases, the ledger, funds, voids, refunds and orders.</summary>
public static class CoreModule
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CardProvisionedConsumer>();
        bus.AddConsumer<CardActivatedConsumer>();
        bus.AddConsumer<CardSuspendedConsumer>();
        bus.AddConsumer<CardResumedConsumer>();
        bus.AddConsumer<CardReplacedConsumer>();
        bus.AddConsumer<CardRevokedConsumer>();
        bus.AddConsumer<CardFaceBoundConsumer>();
        bus.AddConsumer<CardModulesChangedConsumer>();
        bus.AddConsumer<QrSigningKeyPublishedConsumer>();
        bus.AddConsumer<ElderClassifiedConsumer>();
        bus.AddConsumer<SubsidyPolicyPublishedConsumer>();
        bus.AddConsumer<CountySettingsChangedConsumer>();
        bus.AddConsumer<ProviderWhitelistedConsumer>();
        bus.AddConsumer<ProviderSuspendedConsumer>();
        bus.AddConsumer<ProviderExitedConsumer>();
        bus.AddConsumer<ProviderItemsChangedConsumer>();
        bus.AddConsumer<PriceStandardChangedConsumer>();
    }

    public static IServiceCollection AddSettlementCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient("cards");
        services.AddSingleton<QrKeyCache>();
        services.AddSingleton<QrCodes>();
        services.AddSingleton<PurchaseEvaluation>();
        services.AddSingleton<Purchasing>();
        services.AddSingleton<PurchaseQueries>();
        services.AddSingleton<Reversals>();
        services.AddSingleton<FundStore>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<IScheduledJob, FundLowJob>();
        services.AddSingleton<IScheduledJob, OrderExpiryJob>();
        return services;
    }

    /// <summary>Maps the core's endpoints: the signed terminal ones on <paramref name="terminal"/>, the rest on the app.</summary>
    public static WebApplication MapSettlementCore(this WebApplication app, RouteGroupBuilder terminal)
    {
        terminal.MapPurchasesApi();
        app.MapFundsApi();
        app.MapTopUpListApi();
        app.MapOrdersApi();
        return app;
    }
}
