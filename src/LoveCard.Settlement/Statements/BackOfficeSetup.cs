using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.Clearing;
using LoveCard.Settlement.Reconciliation;
using LoveCard.Settlement.Supervision;
using MassTransit;

namespace LoveCard.Settlement.Statements;

/// <summary>The back office: statements, reconciliation, clearing and netting, supervision rules.</summary>
public static class BackOfficeSetup
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        // The back office reads the core's tables directly and consumes no events.
        _ = bus;
    }

    public static IServiceCollection AddBackOffice(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<StatementStore>();
        services.AddSingleton<DisputeStore>();
        services.AddSingleton<ReconciliationStore>();
        services.AddSingleton<ClearingStore>();
        services.AddSingleton<AnomalyStore>();
        services.AddSingleton<AnomalyScanner>();
        services.AddSingleton<IScheduledJob, AnomalyScanJob>();
        return services;
    }

    public static WebApplication MapBackOffice(this WebApplication app)
    {
        app.MapStatementsApi();
        app.MapReconciliationsApi();
        app.MapClearingApi();
        app.MapAnomaliesApi();
        return app;
    }
}
