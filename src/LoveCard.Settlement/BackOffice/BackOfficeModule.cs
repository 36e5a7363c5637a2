using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.BackOffice.Clearing;
using LoveCard.Settlement.BackOffice.Reconciliation;
using LoveCard.Settlement.BackOffice.Recoveries;
using LoveCard.Settlement.BackOffice.Statements;
using LoveCard.Settlement.BackOffice.Supervision;
using MassTransit;

namespace LoveCard.Settlement.BackOffice;

/// <summary>The back-office module: statements, reconciliation, clearing and netting, supervision (rules and
/// absences).</summary>
public static class BackOfficeModule
{
    /// <summary>
    /// Registers the module's consumers (today none: the back office reads the core's tables) by namespace scanning,
    /// the one way every LoveCard consumer is registered: a new
    /// consumer class in this module's folders is found without another line.
    /// </summary>
    public static void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumersFromNamespaceContaining(typeof(BackOfficeModule));

    public static IServiceCollection AddBackOffice(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<StatementStore>();
        services.AddSingleton<DisputeStore>();
        services.AddSingleton<ReconciliationStore>();
        services.AddSingleton<ClearingStore>();
        services.AddSingleton<PayoutPayments>();
        services.AddSingleton<AnomalyStore>();
        services.AddSingleton<AnomalyScanner>();
        services.AddSingleton<IScheduledJob, AnomalyScanJob>();
        services.AddSingleton<AbsenceStore>();
        services.AddSingleton<RecoveryStore>();
        services.AddSingleton<BudgetLines.BudgetLineStore>();
        return services;
    }

    public static WebApplication MapBackOffice(this WebApplication app)
    {
        app.MapStatementsApi();
        app.MapReconciliationsApi();
        app.MapClearingApi();
        app.MapProviderPayoutsApi();
        app.MapAnomaliesApi();
        app.MapAbsencesApi();
        app.MapRecoveriesApi();
        BudgetLines.BudgetLinesApi.MapBudgetLinesApi(app);
        return app;
    }
}
