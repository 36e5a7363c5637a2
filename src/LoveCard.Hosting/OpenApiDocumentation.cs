using System.Globalization;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Observability;
using LoveCard.Hosting.OpenApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace LoveCard.Hosting;

/// <summary>
/// The service's OpenAPI document (<c>/openapi/v1.json</c>) as the OWASP API Security ruleset and
/// Redocly expect it (issue 9): security schemes (<see cref="OpenApiSecurity"/>), the public https
/// server, the rate-limit headers every answer carries and the 429 every operation can give, and the
/// request limits (<see cref="OpenApiLimits"/>).
/// </summary>
public static class OpenApiDocumentation
{
    public const string ServerUrlKey = "OpenApi:ServerUrl";

    public static IServiceCollection AddLoveCardOpenApi(
        this IServiceCollection services,
        ServiceDefinition service,
        IConfiguration configuration
    ) => services.AddOpenApi("v1", o =>
        {
            OpenApiClientContract.AddTo(o);
            o.AddDocumentTransformer(
                (document, context, _) =>
                {
                    document.Info.Title = $"LoveCard {service.Name} API";
                    document.Info.Version = "v1";
                    OpenApiSecurity.Describe(document);
                    DescribeServer(
                        document,
                        service,
                        configuration,
                        context.ApplicationServices.GetService<IHostEnvironment>()?.EnvironmentName
                            ?? Environments.Production
                    );
                    DescribeRateLimits(document);
                    var kestrel = context.ApplicationServices.GetService<IOptions<KestrelServerOptions>>()?.Value.Limits
                        ?? new KestrelServerLimits();
                    OpenApiLimits.Describe(
                        document,
                        kestrel.MaxRequestBodySize,
                        kestrel.MaxRequestLineSize,
                        kestrel.MaxRequestHeadersTotalSize
                    );
                    OpenApiClientContract.Describe(document);
                    return Task.CompletedTask;
                }
            );
        });

    /// <summary>
    /// The address clients use: behind the ingress that terminates TLS, not the plain-http address
    /// the request reached this process on. <c>OpenApi:ServerUrl</c>; the default names the local
    /// development host. The description names the environment (local development, staging,
    /// production: the host environment). <c>OpenApi:Internal</c> (default false: clerks' browsers and the terminals
    /// in shops reach these APIs from outside) becomes <c>x-internal</c>.
    /// </summary>
    private static void DescribeServer(
        OpenApiDocument document,
        ServiceDefinition service,
        IConfiguration configuration,
        string environment
    )
    {
        var url = (
            configuration[ServerUrlKey] is { Length: > 0 } configured
                ? configured
                : $"https://localhost:{service.DefaultPort}"
        ).TrimEnd('/');
        var isInternal = configuration.GetValue("OpenApi:Internal", false);
        document.Servers = [];
        document.Servers.Add(
            new OpenApiServer
            {
                Url = url,
                Description =
                    $"LoveCard {service.Name}, "
                    + (environment == Environments.Development ? "local development" : environment.ToLowerInvariant())
                    + " environment",
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    ["x-internal"] = new JsonNodeExtension(JsonValue.Create(isInternal)),
                },
            }
        );
        if (environment == Environments.Development)
        {
            // Second: where deploy/local/run.sh starts it, so "Send" in /docs can reach it on a developer's machine.
            document.Servers.Add(
                new OpenApiServer
                {
                    Url = $"http://127.0.0.1:{service.DefaultPort}",
                    Description = $"LoveCard {service.Name} as deploy/local/run.sh starts it (plain http on loopback)",
                    Extensions = new Dictionary<string, IOpenApiExtension>
                    {
                        ["x-internal"] = new JsonNodeExtension(JsonValue.Create(true)),
                    },
                }
            );
        }
    }

    /// <summary>
    /// Every <c>/api/…</c> answer carries the per-IP limit's state (<c>PeopleRateLimits</c>) and every
    /// <c>/terminal/…</c> answer the per-terminal (or, unsigned, per-IP) limit's state
    /// (TERMINAL-PROTOCOL.md, "Too many requests"); a refusal is a 429 with <c>Retry-After</c>.
    /// </summary>
    private static void DescribeRateLimits(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        document.Components.Headers[RateLimitHeaders.Limit] = Header("The most requests the bucket holds (the burst).");
        document.Components.Headers[RateLimitHeaders.Remaining] = Header("Requests left in the bucket now.");
        document.Components.Headers[RateLimitHeaders.Reset] = Header("Seconds until the bucket is full again.");
        document.Components.Headers[RateLimitHeaders.RetryAfter] = Header("Seconds to wait before sending again.");
        var hasProblem = document.Components.Schemas?.ContainsKey("ProblemDetails") == true;

        foreach (var (path, item) in document.Paths)
        {
            if (
                !path.StartsWith("/api/", StringComparison.Ordinal)
                && !path.StartsWith("/terminal/", StringComparison.Ordinal)
            )
            {
                continue;
            }

            foreach (var operation in item.Operations?.Values.ToArray() ?? [])
            {
                operation.Responses ??= [];
                if (!operation.Responses.ContainsKey("429"))
                {
                    var tooMany = new OpenApiResponse
                    {
                        Description = "Too many requests (code rate_limited); wait Retry-After seconds.",
                    };
                    if (hasProblem)
                    {
                        tooMany.Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new()
                            {
                                Schema = new OpenApiSchemaReference("ProblemDetails", document),
                            },
                        };
                    }

                    operation.Responses["429"] = tooMany;
                }

                foreach (var (status, response) in operation.Responses)
                {
                    if ((status.StartsWith('2') || status.StartsWith('4')) && response is OpenApiResponse concrete)
                    {
                        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        foreach (
                            var name in status == "429"
                                ? RateLimitHeaders.All.Append(RateLimitHeaders.RetryAfter)
                                : RateLimitHeaders.All
                        )
                        {
                            concrete.Headers[name] = new OpenApiHeaderReference(name, document);
                        }
                    }
                }
            }
        }
    }

    private static OpenApiHeader Header(string description) =>
        new()
        {
            Description = description,
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int32",
                Minimum = "0",
                Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture),
            },
        };
}
