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

    private static readonly (string Scheme, string Header, string Description)[] TerminalHeaders =
    [
        ("terminalId", "X-LoveCard-Terminal", "The terminal id given at activation."),
        (
            "terminalTimestamp",
            "X-LoveCard-Timestamp",
            "Unix time in whole seconds, digits only, within 300 s of the server's clock."
        ),
        (
            "terminalNonce",
            "X-LoveCard-Nonce",
            "Fresh random text, 16 to 64 characters of A-Z a-z 0-9 _ -, never reused."
        ),
    ];

    /// <summary>Public paths, exactly; <c>/api/public/…</c> as a whole. (A prefix match once made <c>POST
    /// /api/cards/qr-keys/rotate</c> look public.)</summary>
    private static readonly string[] Public =
    [
        "/api/cards/qr-keys",
        "/terminal/v1/activation",
        "/terminal/v1/qr-keys",
        "/terminal/v1/time",
    ];

    public static void Describe(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description =
                "A JWT with the claims role, county, provider, elder or elders, sub. Handled per RFC8725 (JWT best "
                + "current practices): signature required with the configured key and algorithm, issuer, audience "
                + "and lifetime validated.",
        };
        document.Components.SecuritySchemes[TerminalSignature] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-LoveCard-Signature",
            Description =
                "HMAC-SHA256 over the canonical string, with X-LoveCard-Terminal, -Timestamp and -Nonce "
                + "(TERMINAL-PROTOCOL.md).",
        };
        // The other three headers of a signed request (docs/terminal-protocol.md, "Signed requests"), required
        // together with the signature: one requirement naming all four means all four are sent.
        foreach (var (scheme, header, description) in TerminalHeaders)
        {
            document.Components.SecuritySchemes[scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = header,
                Description = description,
            };
        }

        foreach (var (path, item) in document.Paths)
        {
            var isPublic = Public.Contains(path) || path.StartsWith("/api/public/", StringComparison.Ordinal);
            var scheme =
                isPublic ? null
                : path.StartsWith("/terminal/", StringComparison.Ordinal) ? TerminalSignature
                : path.StartsWith("/api/", StringComparison.Ordinal) ? Bearer
                : null;
            if (item.Operations is null || (scheme is null && !isPublic))
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                if (scheme is null)
                {
                    // Public by design: `security: []` says so, instead of leaving a generator to guess.
                    operation.Security = [];
                    continue;
                }

                var requirement = new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(scheme, document)] = [],
                };
                if (scheme == TerminalSignature)
                {
                    foreach (var (other, _, _) in TerminalHeaders)
                    {
                        requirement[new OpenApiSecuritySchemeReference(other, document)] = [];
                    }
                }

                operation.Security = [requirement];
            }
        }
    }
}
