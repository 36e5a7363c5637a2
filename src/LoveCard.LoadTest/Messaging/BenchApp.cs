using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoveCard.LoadTest.Messaging;

/// <summary>
/// A minimal service on the shared hosting, as the four real ones are (outbox relay, MassTransit,
/// inbox consumer), in its own schema and vhost so R7 measures the platform and nothing else.
/// </summary>
public static class BenchApp
{
    public static WebApplication Create(string schema, string vhost)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Development" }
        );
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        builder.Configuration["Database:Schema"] = schema;
        builder.Configuration["Bus:VirtualHost"] = vhost;
        builder.AddLoveCardDefaults(new ServiceDefinition("bench", schema, 0, typeof(BenchApp).Assembly), bus =>
            bus.AddConsumer<BenchConsumer>()
        );
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapLoveCardDefaults();
        return app;
    }
}
