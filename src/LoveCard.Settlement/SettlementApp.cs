using LoveCard.Hosting;
using LoveCard.Settlement.Audit;
using LoveCard.Settlement.Purchases;
using LoveCard.Settlement.Statements;
using LoveCard.Settlement.Supervision;
using LoveCard.Settlement.Terminals;

namespace LoveCard.Settlement;

/// <summary>The settlement service: the terminal protocol, purchases, funds and the ledger, statements, clearing and supervision.</summary>
public static class SettlementApp
{
    public static readonly ServiceDefinition Definition = new("settlement", "settlement", 5104, typeof(SettlementApp).Assembly);

    /// <summary>Builds the service; tests pass <paramref name="configure"/> to override settings or the clock.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SettlementApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddLoveCardDefaults(Definition, bus =>
        {
            TerminalProtocolSetup.AddConsumers(bus);
            SettlementCoreSetup.AddConsumers(bus);
            OversightSetup.AddConsumers(bus);
            BackOfficeSetup.AddConsumers(bus);
        });
        builder.Services.AddTerminalProtocol(builder.Configuration);
        builder.Services.AddSettlementCore(builder.Configuration);
        builder.Services.AddOversight(builder.Configuration);
        builder.Services.AddBackOffice(builder.Configuration);
        builder.Services.AddSingleton<AbsenceStore>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLoveCardDefaults();
        var terminal = app.MapTerminalProtocol();
        app.MapSettlementCore(terminal);
        app.MapOversight();
        app.MapBackOffice();
        app.MapAbsencesApi();
        return app;
    }
}
