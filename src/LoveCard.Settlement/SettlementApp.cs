using LoveCard.Hosting;
using LoveCard.Hosting.Counties;
using LoveCard.Settlement.BackOffice;
using LoveCard.Settlement.Core;
using LoveCard.Settlement.Gateway;
using LoveCard.Settlement.Oversight;

namespace LoveCard.Settlement;

/// <summary>
/// The settlement service, in four modules (ADR 0011): the gateway (the terminal protocol), the core
/// (purchases, funds and the ledger, orders, read models), the back office (statements, reconciliation,
/// clearing, supervision) and oversight (audit trail, public statistics).
/// </summary>
public static class SettlementApp
{
    public static readonly ServiceDefinition Definition = new(
        "settlement",
        "settlement",
        5104,
        typeof(SettlementApp).Assembly,
        MaxPoolSize: 60
    );

    /// <summary>Builds the service; tests pass <paramref name="configure"/> to override settings or the
    /// clock.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions
            {
                Args = args,
                ApplicationName = typeof(SettlementApp).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            }
        );
        builder.AddLoveCardDefaults(Definition, bus =>
        {
            GatewayModule.AddConsumers(bus);
            CoreModule.AddConsumers(bus);
            OversightModule.AddConsumers(bus);
            BackOfficeModule.AddConsumers(bus);
        });
        builder.Services.AddTerminalProtocol(builder.Configuration);
        builder.Services.AddSettlementCore(builder.Configuration);
        builder.Services.AddOversight(builder.Configuration);
        builder.Services.AddBackOffice(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLoveCardDefaults();
        app.RefuseUnknownCounties();
        var terminal = app.MapTerminalProtocol();
        app.MapSettlementCore(terminal);
        app.MapOversight();
        app.MapBackOffice();
        return app;
    }
}
