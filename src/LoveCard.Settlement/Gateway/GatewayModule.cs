using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;
using MassTransit;

namespace LoveCard.Settlement.Gateway;

/// <summary>The gateway module, the terminal protocol's front door: activation, signed requests, nonces, idempotency,
/// rate limits, the terminal read model.</summary>
public static class GatewayModule
{
    /// <summary>
    /// Registers the module's consumers (the terminal read model) by namespace scanning, the one way every LoveCard
    /// consumer is registered: a new
    /// consumer class in this module's folders is found without another line.
    /// </summary>
    public static void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumersFromNamespaceContaining(typeof(GatewayModule));

    public static IServiceCollection AddTerminalProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        // The environment decides whether the fault-injection switches are honoured (never in Production).
        services.AddSingleton(sp => TerminalOptions.From(configuration, sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<TerminalKeys>();
        services.AddSingleton<TerminalStore>();
        services.AddSingleton<TerminalIdempotencyStore>();
        services.AddSingleton<TerminalRateLimits>();
        services.AddSingleton<TerminalRefusals>();
        services.AddSingleton<TerminalIdempotentRequest>();
        services.AddSingleton<IScheduledJob, TerminalGatewayCleanupJob>();
        return services;
    }

    /// <summary>Maps the unsigned terminal endpoints and returns the group every signed endpoint goes in.</summary>
    public static RouteGroupBuilder MapTerminalProtocol(this WebApplication app)
    {
        // Refuse to start outside Development with the public, a placeholder or a malformed master key.
        app.Services.GetRequiredService<TerminalOptions>().ThrowIfUnsafeFor(app.Environment);
        _ = app.Services.GetRequiredService<TerminalKeys>();

        app.UseMiddleware<TerminalGatewayMiddleware>();
        var terminal = app.MapGroup("/terminal/v1").WithTags("Terminal").WithRequestLimits();
        terminal.MapTerminalActivationApi();
        terminal.MapTerminalTimeApi();
        return terminal;
    }
}
