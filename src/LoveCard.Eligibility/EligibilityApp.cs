using LoveCard.Eligibility.Counties;
using LoveCard.Eligibility.Elders;
using LoveCard.Eligibility.Imports;
using LoveCard.Eligibility.Policies;
using LoveCard.Eligibility.Sources;
using LoveCard.Eligibility.VisitingCare;
using LoveCard.Hosting;
using LoveCard.Hosting.Counties;
using LoveCard.Hosting.Jobs;
using LoveCard.Hosting.ReadModels;
using MassTransit;

namespace LoveCard.Eligibility;

/// <summary>The eligibility service: the elder register, county settings, category 1/2/3 classification and subsidy
/// policy.</summary>
public static class EligibilityApp
{
    public static readonly ServiceDefinition Definition = new(
        "eligibility",
        "eligibility",
        5102,
        typeof(EligibilityApp).Assembly,
        MaxPoolSize: 30
    );

    /// <summary>Builds the service; tests pass <paramref name="configure"/> to override settings or the
    /// clock.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions
            {
                Args = args,
                ApplicationName = typeof(EligibilityApp).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            }
        );
        // Consumers are found by namespace scanning, the one way every LoveCard consumer is registered.
        builder.AddLoveCardDefaults(Definition, bus => bus.AddConsumersFromNamespaceContaining(typeof(EligibilityApp)));
        var services = builder.Services;
        var imports = new ImportOptions();
        builder.Configuration.GetSection("Imports").Bind(imports);
        services.AddSingleton(imports);
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<CountyStore>();
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<ElderWriter>();
        services.AddSingleton<ElderStore>();
        services.AddSingleton<ImportStore>();
        services.AddHostedService<ImportWorker>();
        services.AddSingleton<ReclassificationWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReclassificationWorker>());
        services.AddSingleton<IScheduledJob, DailyReclassificationJob>();
        services.AddAggregateSource<ElderSource>();
        services.AddAggregateSource<CountySettingsSource>();
        services.AddAggregateSource<SubsidyPolicySource>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLoveCardDefaults();
        app.RefuseUnknownCounties();
        app.MapEldersApi();
        app.MapDeathApi();
        app.MapHomeLocationApi();
        app.MapImportsApi();
        app.MapImportListApi();
        app.MapElderLookupApi();
        app.MapCountiesApi();
        app.MapCountySetupApi();
        app.MapPoliciesApi();
        app.MapVisitingCareApi();
        return app;
    }
}
