using LoveCard.Cards.Cards;
using LoveCard.Cards.Consent;
using LoveCard.Cards.Credentials;
using LoveCard.Cards.Provisioning;
using LoveCard.Cards.Sources;
using LoveCard.Hosting;
using LoveCard.Hosting.Counties;
using LoveCard.Hosting.ReadModels;
using MassTransit;

namespace LoveCard.Cards;

/// <summary>The cards service: issuance, consent, lifecycle and credentials (card number, face, QR) of the love
/// card.</summary>
public static class CardsApp
{
    public static readonly ServiceDefinition Definition = new(
        "cards",
        "cards",
        5101,
        typeof(CardsApp).Assembly,
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
                ApplicationName = typeof(CardsApp).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            }
        );
        // Consumers are found by namespace scanning, the one way every LoveCard consumer is registered.
        builder.AddLoveCardDefaults(Definition, bus => bus.AddConsumersFromNamespaceContaining(typeof(CardsApp)));

        var qr = new QrOptions();
        builder.Configuration.GetSection("Qr").Bind(qr);
        builder.Services.AddSingleton(qr);
        builder.Services.AddSingleton<QrKeyRing>();
        builder.Services.AddSingleton<QrKeyPublisher>();
        builder.Services.AddHostedService<QrKeyStartupPublisher>();
        builder.Services.AddSingleton<CardStore>();
        builder.Services.AddSingleton<ConsentStore>();
        builder.Services.AddAggregateSource<CardSource>();
        builder.Services.AddAggregateSource<QrKeySource>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLoveCardDefaults();
        app.RefuseUnknownCounties();
        app.MapCardsApi();
        app.MapMyCardsApi();
        app.MapConsentApi();
        app.MapCredentialsApi();
        return app;
    }
}
