using System.Collections.Concurrent;
using Dapper;
using LoveCard.Settlement.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LoveCard.Settlement.Tests.Terminals;

/// <summary>
/// One settlement service for the gateway's fixtures in this namespace, with generous rate limits
/// and a few test-only endpoints under <c>/terminal/v1/test-gateway</c> that exercise the gateway
/// without depending on the core's purchases.
/// </summary>
[SetUpFixture]
public sealed class GatewayHost
{
    public static ServiceHost Host { get; private set; } = null!;

    /// <summary>How many times the idempotent test handler started, per tag (rolled-back runs included).</summary>
    public static readonly ConcurrentDictionary<string, int> Attempts = new();

    public static readonly Dictionary<string, string?> GenerousLimits = new()
    {
        ["Terminal:RateLimit:TerminalTokensPerSecond"] = "10000",
        ["Terminal:RateLimit:TerminalBurst"] = "10000",
        ["Terminal:RateLimit:UnsignedTokensPerSecond"] = "10000",
        ["Terminal:RateLimit:UnsignedBurst"] = "10000",
        ["Terminal:RateLimit:FailedPerTerminalBurst"] = "10000",
        ["Terminal:RateLimit:FailedPerAddressBurst"] = "10000",
    };

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Host = await StartWithTestEndpointsAsync(GenerousLimits);
        await using var connection = await Database.OpenAsync(Host.Schema);
        await connection.ExecuteAsync(
            """
            CREATE TABLE IF NOT EXISTS gateway_test_executions (
                id bigserial PRIMARY KEY, tag text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())
            """
        );
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }

    /// <remarks>
    /// ServiceHost leaves the environment unset, i.e. Production, where the platform (and the
    /// gateway, for its master key) refuses the public development keys; so Development here.
    /// </remarks>
    public static Task<ServiceHost> StartWithTestEndpointsAsync(IDictionary<string, string?> settings) =>
        ServiceHost.StartAsync(
            (args, configure) =>
            {
                var app = SettlementApp.Create(args, configure);
                MapTestEndpoints(app);
                return app;
            },
            new Dictionary<string, string?>(settings) { ["environment"] = "Development" }
        );

    public sealed record EchoRequest(string? Text, int Number);

    public sealed record ExecutionRequest(string Tag, int FailTimes = 0, int RejectTimes = 0, int DelayMs = 0);

    public sealed record ExecutionAnswer(Guid ExecutionId, string Tag, int Attempt);

    private static void MapTestEndpoints(WebApplication app)
    {
        var group = app.MapGroup("/terminal/v1/test-gateway");
        group.MapGet("/whoami", (HttpContext context) => TypedResults.Ok(context.Terminal()));
        group.MapPost("/echo", (EchoRequest request, HttpContext context) => TypedResults.Ok(
                new
                {
                    request.Text,
                    request.Number,
                    terminal = context.Terminal().TerminalId,
                }
            ));
        group.MapPost("/executions", Execute).WithIdempotency();
    }

    /// <summary>Inserts a row through the gateway's transaction, so committed rows count executions.</summary>
    private static async Task<Results<Ok<ExecutionAnswer>, Conflict>> Execute(
        ExecutionRequest request,
        HttpContext context
    )
    {
        var tx = context.TerminalTransaction();
        await tx.Connection.ExecuteAsync(
            "INSERT INTO gateway_test_executions (tag) VALUES (@Tag)",
            new { request.Tag },
            tx.Transaction
        );
        var attempt = Attempts.AddOrUpdate(request.Tag, 1, (_, n) => n + 1);
        if (request.DelayMs > 0)
        {
            await Task.Delay(request.DelayMs);
        }

        if (attempt <= request.FailTimes)
        {
            throw new InvalidOperationException("Test handler fails on purpose.");
        }

        if (attempt <= request.FailTimes + request.RejectTimes)
        {
            return TypedResults.Conflict();
        }

        tx.ResourceId = request.Tag;
        return TypedResults.Ok(new ExecutionAnswer(Guid.NewGuid(), request.Tag, attempt));
    }

    public static Task<long> ExecutionsAsync(string tag) =>
        TestTerminal.CountAsync(Host, "SELECT count(*) FROM gateway_test_executions WHERE tag = @tag", new { tag });
}
