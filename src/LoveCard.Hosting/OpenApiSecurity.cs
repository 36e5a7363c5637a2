using Microsoft.OpenApi;

namespace LoveCard.Hosting;

/// <summary>
/// Declares how each operation is secured, so the OpenAPI document says what a client must send:
/// a JWT bearer token on the people APIs, the HMAC signature headers on the terminal API
/// (TERMINAL-PROTOCOL.md), nothing on the few endpoints that are public by design.
/// </summary>
internal static class OpenApiSecurity
{
    private const string Bearer = "bearer";
    private const string TerminalSignature = "terminalSignature";

    /// <summary>Public paths, exactly; <c>/api/public/…</c> as a whole. (A prefix match once made <c>POST /api/cards/qr-keys/rotate</c> look public.)</summary>
    private static readonly string[] Public = ["/api/cards/qr-keys", "/terminal/v1/activation", "/terminal/v1/qr-keys", "/terminal/v1/time"];

    public static void Describe(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT with the claims role, county, provider, elder or elders, sub. Handled per RFC8725 (JWT best current practices): signature required with the configured key and algorithm, issuer, audience and lifetime validated.",
        };
        document.Components.SecuritySchemes[TerminalSignature] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-LoveCard-Signature",
            Description = "HMAC-SHA256 over the canonical string, with X-LoveCard-Terminal, -Timestamp and -Nonce (TERMINAL-PROTOCOL.md).",
        };

        foreach (var (path, item) in document.Paths)
        {
            var scheme = Public.Contains(path) || path.StartsWith("/api/public/", StringComparison.Ordinal) ? null
                : path.StartsWith("/terminal/", StringComparison.Ordinal) ? TerminalSignature
                : path.StartsWith("/api/", StringComparison.Ordinal) ? Bearer
                : null;
            if (scheme is null || item.Operations is null)
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] },
                ];
            }
        }
    }
}
