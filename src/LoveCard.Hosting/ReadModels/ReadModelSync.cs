using LoveCard.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// Registration of the read models' self-healing (ADR 0015): every service answers on its
/// <c>&lt;service&gt;-read-model-sync</c> queue, as a source (watermarks and states of the kinds it
/// registered with <see cref="AddAggregateSource{TSource}"/>) and as a consumer of sources (rebuilds
/// asked for by the operator's tool), and reconciles its read models with their sources.
/// </summary>
public static class ReadModelSync
{
    public const string QueueSuffix = "-read-model-sync";

    /// <summary>The sync queue of <paramref name="service"/> (its endpoint prefix).</summary>
    public static string QueueOf(string service) => service + QueueSuffix;

    /// <summary>Serves <typeparamref name="TSource"/>'s kind to the services that mirror it.</summary>
    public static IServiceCollection AddAggregateSource<TSource>(this IServiceCollection services)
        where TSource : class, IAggregateSource
    {
        services.AddSingleton<IAggregateSource, TSource>();
        return services;
    }

    internal static void AddConsumers(IBusRegistrationConfigurator bus, string prefix) =>
        bus.AddConsumer<ReadModelSyncConsumer>()
            .Endpoint(e =>
            {
                e.Name = QueueOf(prefix);
                // Requests are cheap reads; a rebuild runs in the background and answers at once.
                e.ConcurrentMessageLimit = 4;
            });

    internal static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = new ReadModelSyncOptions();
        configuration.GetSection("ReadModels").Bind(options);
        services.AddSingleton(options);
        services.AddSingleton<ReadModelMirror>();
        services.AddSingleton<SourceClient>();
        services.AddSingleton<StateDispatcher>();
        services.AddSingleton<QueueDepthProbe>();
        services.AddSingleton<ReadModelRebuilder>();
        services.AddSingleton<ReadModelReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadModelReconciler>());
    }

    /// <summary>Consumer classes that are part of the platform, not read models or handlers of events.</summary>
    internal static bool IsPlatformConsumer(Type type) => type == typeof(ReadModelSyncConsumer);
}
