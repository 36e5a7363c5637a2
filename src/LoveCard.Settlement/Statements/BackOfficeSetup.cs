using MassTransit;

namespace LoveCard.Settlement.Statements;

/// <summary>The back office: statements, reconciliation, clearing and netting, supervision rules.</summary>
public static class BackOfficeSetup
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
    }

    public static IServiceCollection AddBackOffice(this IServiceCollection services, IConfiguration configuration) => services;

    public static WebApplication MapBackOffice(this WebApplication app) => app;
}
