using LoveCard.Contracts;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.ReadModels;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoveCard.Hosting.Messaging;

public static class BusSetup
{
    /// <summary>
    /// MassTransit on RabbitMQ: durable kebab-case queues prefixed with the service name; a transient
    /// failure retried for as long as it lasts, a deterministic one a few times and then the
    /// <c>_error</c> queue (never a silent ack of a failure, ADR 0014); publisher confirms; the outbox
    /// relay; and the read models' reconciliation with their sources (ADR 0015). The bus connects in
    /// the background, so a service starts while the broker is down.
    /// </summary>
    public static BusOptions AddLoveCardBus(
        this IServiceCollection services,
        IConfiguration configuration,
        ServiceDefinition service,
        DatabaseOptions database,
        Action<IBusRegistrationConfigurator>? consumers
    )
    {
        var options = new BusOptions();
        configuration.GetSection("Bus").Bind(options);
        options.EndpointPrefix ??= service.Name;
        services.AddSingleton(options);

        var formatter = new KebabCaseEndpointNameFormatter(options.EndpointPrefix, false);
        var before = services.Count;
        services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(formatter);
            // MassTransit 8.4+ reports usage to its makers over the internet unless told not to; a
            // government system sends nothing anywhere it was not configured to (finding S-12).
            x.DisableUsageTelemetry();
            consumers?.Invoke(x);
            UseBatchDefinitions(x, services.Skip(before).Select(d => d.ServiceType));
            ReadModelSync.AddConsumers(x, options.EndpointPrefix);
            // Every consumer queue's error pipe: a transient failure goes back to the queue, anything
            // else to <queue>_error with its reason (ADR 0014).
            x.AddConfigureEndpointsCallback(
                (_, endpoint) =>
                    endpoint.ConfigureError(error =>
                    {
                        error.UseFilter(new TransientRequeueFilter());
                        error.UseFilter(new GenerateFaultFilter());
                        error.UseFilter(new ErrorTransportFilter());
                    })
            );
            x.UsingRabbitMq(
                (context, cfg) =>
                {
                    cfg.Host(options.Host, options.Port, options.VirtualHost, h =>
                    {
                        h.Username(options.Username);
                        h.Password(options.Password);
                        h.PublisherConfirmation = true;
                        h.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                    });
                    cfg.PrefetchCount = options.PrefetchCount;
                    var retryLogger = context.GetRequiredService<ILoggerFactory>().CreateLogger("LoveCard.Retry");
                    cfg.UseMessageRetry(r =>
                        r.SetRetryPolicy(_ => new TransientAwareRetryPolicy(options, retryLogger))
                    );
                    ExcludeAbstractContracts(cfg);
                    cfg.ConfigureEndpoints(context);
                }
            );
        });

        services.Configure<MassTransitHostOptions>(o =>
        {
            // Start without waiting for RabbitMQ: readiness reports the bus until it connects.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });

        // MassTransit registers each consumer class as a service of its own type.
        var consumerTypes = services
            .Skip(before)
            .Select(d => d.ServiceType)
            .Where(t =>
                t is { IsClass: true, IsAbstract: false }
                && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            )
            .Where(t => !ReadModelSync.IsPlatformConsumer(t))
            .Distinct();
        var endpoints = ConsumerEndpoints.From(consumerTypes, formatter);
        services.AddSingleton(endpoints);
        var consumersAtOnce =
            options.ConsumerConcurrency > 0 ? options.ConsumerConcurrency : Math.Max(2, database.MaxPoolSize / 2);
        services.AddSingleton(new ConsumerGate(consumersAtOnce));
        ReadModelSync.AddServices(services, configuration);
        services.AddSingleton(_ => new BulkWork());
        services.AddHostedService<OutboxRelay>();
        services.AddHostedService<Observability.ErrorQueueMonitor>();
        return options;
    }

    /// <summary>
    /// Every registered <see cref="InboxBatchConsumer{TEvent}"/> gets its <see cref="InboxBatchDefinition{TConsumer}"/>
    /// (batch size, time limit, one batch at a time), however it was registered (ADR 0042), and every
    /// <see cref="InboxPackConsumer{TPack,TEvent,TConsumer}"/> its <see cref="InboxPackDefinition{TConsumer}"/> (a
    /// prefetch of a few packs, ADR 0051).
    /// </summary>
    private static void UseBatchDefinitions(IBusRegistrationConfigurator bus, IEnumerable<Type> registered)
    {
        var types = registered.Distinct().ToList();
        foreach (var type in types.Where(t => DerivesFrom(t, typeof(InboxBatchConsumer<>))))
        {
            bus.AddConsumer(type, typeof(InboxBatchDefinition<>).MakeGenericType(type));
        }

        foreach (var type in types.Where(t => DerivesFrom(t, typeof(InboxPackConsumer<,,>))))
        {
            bus.AddConsumer(type, typeof(InboxPackDefinition<>).MakeGenericType(type));
        }
    }

    private static bool DerivesFrom(Type type, Type generic)
    {
        if (type is not { IsClass: true, IsAbstract: false })
        {
            return false;
        }

        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == generic)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Abstract event bases (<c>IntegrationEvent</c>, <c>CardEvent</c>) get no exchange of their own:
    /// consumers bind the concrete events.
    /// </summary>
    private static void ExcludeAbstractContracts(IRabbitMqBusFactoryConfigurator cfg)
    {
        var method = typeof(BusSetup).GetMethod(
            nameof(Exclude),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static
        )!;
        var bases = typeof(IntegrationEvent)
            .Assembly.GetTypes()
            .Where(t => t.IsAbstract && typeof(IntegrationEvent).IsAssignableFrom(t));
        foreach (var type in bases)
        {
            method.MakeGenericMethod(type).Invoke(null, [cfg]);
        }
    }

    private static void Exclude<T>(IRabbitMqBusFactoryConfigurator cfg)
        where T : class => cfg.Publish<T>(p => p.Exclude = true);
}
