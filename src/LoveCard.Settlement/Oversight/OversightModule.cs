using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.Oversight.Audit;
using LoveCard.Settlement.Oversight.PublicData;
using MassTransit;

namespace LoveCard.Settlement.Oversight;

/// <summary>The oversight module, fed by events: the hash-chained audit trail and the public county statistics.</summary>
public static class OversightModule
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        foreach (var type in AuditConsumerTypes())
        {
            bus.AddConsumer(type, typeof(AuditConsumerDefinition<>).MakeGenericType(type));
        }

        bus.AddConsumer<ElderClassifiedPublicStatsConsumer>();
        bus.AddConsumer<ProviderWhitelistedPublicStatsConsumer>();
        bus.AddConsumer<ProviderSuspendedPublicStatsConsumer>();
        bus.AddConsumer<ProviderExitedPublicStatsConsumer>();
        bus.AddConsumer<CareWorkerRegisteredPublicStatsConsumer>();
        bus.AddConsumer<PurchaseSettledPublicStatsConsumer>();
        bus.AddConsumer<PurchaseReversedPublicStatsConsumer>();
    }

    /// <summary>The concrete audit consumers: one per integration event type (a test checks none is missing).</summary>
    public static IReadOnlyList<Type> AuditConsumerTypes() =>
        typeof(OversightModule).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(AuditConsumer<>))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    public static IServiceCollection AddOversight(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<IScheduledJob, AuditAnchorJob>();
        services.AddSingleton<PublicStatsStore>();
        return services;
    }

    public static WebApplication MapOversight(this WebApplication app)
    {
        app.MapAuditApi();
        app.MapPublicDataApi();
        return app;
    }
}
