namespace LoveCard.Identity.Oidc;

/// <summary>The protocol endpoints OpenIddict passes through to us (described by discovery, not OpenAPI).</summary>
public static class OidcEndpoints
{
    public static WebApplication MapOidcEndpoints(this WebApplication app)
    {
        app.MapMethods("/" + OidcSetup.AuthorizeUri, ["GET", "POST"], AuthorizeEndpoint.AuthorizeAsync)
            .ExcludeFromDescription();
        app.MapPost("/" + OidcSetup.TokenUri, TokenEndpoint.ExchangeAsync).ExcludeFromDescription();
        app.MapMethods("/" + OidcSetup.EndSessionUri, ["GET", "POST"], (Delegate)AuthorizeEndpoint.EndSessionAsync)
            .ExcludeFromDescription();
        return app;
    }
}
