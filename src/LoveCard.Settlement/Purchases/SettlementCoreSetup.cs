using MassTransit;

namespace LoveCard.Settlement.Purchases;

/// <summary>The settlement core: read models, purchases, the ledger, funds, voids, refunds and orders.</summary>
public static class SettlementCoreSetup
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
    }

    public static IServiceCollection AddSettlementCore(this IServiceCollection services, IConfiguration configuration) => services;

    /// <summary>Maps the core's endpoints: the signed terminal ones on <paramref name="terminal"/>, the rest on the app.</summary>
    public static WebApplication MapSettlementCore(this WebApplication app, RouteGroupBuilder terminal) => app;
}
