using LoveCard.Contracts;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Hosting.Messaging;

public static class BusSetup
{
    /// <summary>
    /// MassTransit on RabbitMQ: durable kebab-case queues prefixed with the service name, retries then
    /// the <c>_error</c> queue (never a silent ack of a failure), publisher confirms, and the outbox
    /// relay. The bus connects in the background, so a service starts while the broker is down.
    /// </summary>
    public static BusOptions AddLoveCardBus(this IServiceCollection services, IConfiguration configuration, ServiceDefinition service, Action<IBusRegistrationConfigurator>? consumers)
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
            consumers?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(options.Host, options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    h.PublisherConfirmation = true;
                    h.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.UseMessageRetry(r => r.Intervals(options.EffectiveRetryIntervalsMs));
                ExcludeAbstractContracts(cfg);
                cfg.ConfigureEndpoints(context);
            });
        });

        services.Configure<MassTransitHostOptions>(o =>
        {
            // Start without waiting for RabbitMQ: readiness reports the bus until it connects.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });

        // MassTransit registers each consumer class as a service of its own type.
        var consumerTypes = services.Skip(before)
            .Select(d => d.ServiceType)
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)))
            .Distinct();
        services.AddSingleton(ConsumerEndpoints.From(consumerTypes, formatter));
        services.AddSingleton(_ => new BulkWork());
        services.AddHostedService<OutboxRelay>();
        services.AddHostedService<Observability.ErrorQueueMonitor>();
        return options;
    }

    /// <summary>
    /// Abstract event bases (<c>IntegrationEvent</c>, <c>CardEvent</c>) get no exchange of their own:
    /// consumers bind the concrete events.
    /// </summary>
    private static void ExcludeAbstractContracts(IRabbitMqBusFactoryConfigurator cfg)
    {
        var method = typeof(BusSetup).GetMethod(nameof(Exclude), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var type in typeof(IntegrationEvent).Assembly.GetTypes().Where(t => t.IsAbstract && typeof(IntegrationEvent).IsAssignableFrom(t)))
        {
            method.MakeGenericMethod(type).Invoke(null, [cfg]);
        }
    }

    private static void Exclude<T>(IRabbitMqBusFactoryConfigurator cfg)
        where T : class => cfg.Publish<T>(p => p.Exclude = true);
}
