using MassTransit;

namespace LoveCard.Settlement.Terminals;

/// <summary>The terminal protocol's gateway: activation, signed requests, nonces, idempotency, rate limits, the terminal read model.</summary>
public static class TerminalProtocolSetup
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
    }

    public static IServiceCollection AddTerminalProtocol(this IServiceCollection services, IConfiguration configuration) => services;

    /// <summary>Maps the unsigned terminal endpoints and returns the group every signed endpoint goes in.</summary>
    public static RouteGroupBuilder MapTerminalProtocol(this WebApplication app) => app.MapGroup("/terminal/v1");
}
