using System.Net.Http.Headers;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LoveCard.Testing;

/// <summary>
/// One LoveCard service started in this process on a free loopback port, against this assembly's
/// test database and vhost, with real HTTP. Dispose to stop it.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>
    /// Starts a service built by <paramref name="create"/> (e.g. <c>CardsApp.Create</c>).
    /// <paramref name="settings"/> override configuration (e.g. <c>Database:Schema</c>);
    /// <paramref name="clock"/> replaces the service's <see cref="TimeProvider"/>.
    /// </summary>
    public static async Task<ServiceHost> StartAsync(
        Func<string[], Action<WebApplicationBuilder>?, WebApplication> create,
        IDictionary<string, string?>? settings = null,
        FakeTimeProvider? clock = null,
        bool waitUntilReady = true,
        Action<WebApplicationBuilder>? configure = null
    )
    {
        await TestInfrastructure.EnsureReadyAsync();
        var config = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            // Development: the services refuse the public development keys in Production.
            ["environment"] = "Development",
            // Every test client comes from 127.0.0.1; the per-IP limit has its own test.
            ["RateLimits:PerIpTokensPerSecond"] = "100000",
            ["RateLimits:PerIpBurst"] = "100000",
            ["ConnectionStrings:Postgres"] = TestInfrastructure.ConnectionString,
            ["Bus:Host"] = "127.0.0.1",
            ["Bus:Port"] = TestInfrastructure.RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bus:VirtualHost"] = TestInfrastructure.VirtualHost,
            ["Bus:RetryIntervalsMs:0"] = "50",
            ["Bus:RetryIntervalsMs:1"] = "100",
            ["Bus:RetryIntervalsMs:2"] = "200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var args = config.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        var app = create(args, builder =>
        {
            if (clock is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var host = new ServiceHost(app, new Uri(address));
        if (waitUntilReady)
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }

        return host;
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        string last = "";
        await Eventually.AssertAsync(
            async () =>
            {
                var response = await client.GetAsync("/health/ready");
                last = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode;
            },
            timeout,
            () => $"{BaseAddress} not ready: {last}"
        );
    }

    /// <summary>An HTTP client for this service; with a role, it carries a bearer token for it.</summary>
    public HttpClient CreateClient(
        string? role = null,
        string? county = null,
        Guid? provider = null,
        Guid? elder = null,
        IEnumerable<Guid>? elders = null,
        string? subject = null
    )
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                Token(role, county, provider, elder, elders, subject)
            );
        }

        return client;
    }

    public string Token(
        string role,
        string? county = null,
        Guid? provider = null,
        Guid? elder = null,
        IEnumerable<Guid>? elders = null,
        string? subject = null,
        string? area = null
    ) =>
        DevTokens.Mint(
            Services.GetRequiredService<AuthOptions>(),
            role,
            county,
            provider,
            subject,
            elder,
            elders,
            area: area
        );

    /// <summary>The schema this service writes to, for assertions straight against the database.</summary>
    public string Schema => Services.GetRequiredService<DatabaseOptions>().Schema;

    /// <summary>A connection string whose search_path is this service's schema.</summary>
    public string ConnectionString => Services.GetRequiredService<DatabaseOptions>().ConnectionString;

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
