namespace LoveCard.Identity.Oidc;

/// <summary>
/// First in the pipeline: until the token keys are loaded (database migrated and reachable), every
/// request but liveness answers 503 (readiness too) with Retry-After, instead of OpenIddict failing for
/// want of a key.
/// </summary>
public sealed class IdentityReadyGate(TokenKeyRing ring) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            app.Use(
                async (context, nextMiddleware) =>
                {
                    if (!ring.IsLoaded && context.Request.Path == "/health/live")
                    {
                        // OpenIddict's handler looks at every request and needs the keys: answer liveness here.
                        context.Response.StatusCode = StatusCodes.Status200OK;
                        return;
                    }

                    if (!ring.IsLoaded)
                    {
                        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                        context.Response.Headers.RetryAfter = "2";
                        await context.Response.WriteAsJsonAsync(
                            new
                            {
                                type = "about:blank",
                                title = "Service Unavailable",
                                status = 503,
                                code = "identity_starting",
                                detail = "The identity service is starting; try again shortly.",
                            },
                            context.RequestAborted
                        );
                        return;
                    }

                    await nextMiddleware(context);
                }
            );
            next(app);
        };
}
