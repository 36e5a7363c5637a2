using MassTransit;

namespace LoveCard.Settlement.Audit;

/// <summary>Oversight fed by events: the hash-chained audit trail and the public county statistics.</summary>
public static class OversightSetup
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
    }

    public static IServiceCollection AddOversight(this IServiceCollection services, IConfiguration configuration) => services;

    public static WebApplication MapOversight(this WebApplication app) => app;
}
