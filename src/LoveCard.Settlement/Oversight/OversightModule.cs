using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.Oversight.Audit;
using LoveCard.Settlement.Oversight.Province;
using LoveCard.Settlement.Oversight.PublicData;
using MassTransit;

namespace LoveCard.Settlement.Oversight;

/// <summary>The oversight module, fed by events: the hash-chained audit trail and the public county
/// statistics.</summary>
public static class OversightModule
{
    /// <summary>
    /// Registers the module's consumers (the audit trail's and the public statistics') by namespace scanning, the one
    /// way every LoveCard consumer is registered: a new
    /// consumer class in this module's folders is found without another line.
    /// </summary>
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        // The audit consumers and the purchases' statistics are batch consumers (ADR 0042): one batch at a time
        // per queue, so appends to the one chain head do not queue up behind each other's lock.
        bus.AddConsumersFromNamespaceContaining(typeof(OversightModule));
    }

    /// <summary>The concrete audit consumers: one per integration event type (a test checks none is missing).</summary>
    public static IReadOnlyList<Type> AuditConsumerTypes() =>
        typeof(OversightModule)
            .Assembly.GetTypes()
            .Where(t =>
                t is { IsClass: true, IsAbstract: false }
                && t.BaseType is { IsGenericType: true } b
                && b.GetGenericTypeDefinition() == typeof(AuditConsumer<>)
            )
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    public static IServiceCollection AddOversight(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<IScheduledJob, AuditAnchorJob>();
        services.AddSingleton<PublicStatsStore>();
        services.AddSingleton<ProvinceTargetStore>();
        services.AddSingleton<IScheduledJob, ProvinceTargetJob>();
        return services;
    }

    public static WebApplication MapOversight(this WebApplication app)
    {
        app.MapAuditApi();
        app.MapPublicDataApi();
        app.MapProvinceTargetsApi();
        return app;
    }
}
