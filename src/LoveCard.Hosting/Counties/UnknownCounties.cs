using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LoveCard.Hosting.Counties;

/// <summary>
/// Every <c>/api/</c> endpoint of the services that use it refuses a county code that is not in the register
/// (ADR 0036): a <c>{county}</c> in the path is a 404 <c>unknown_county</c>, a <c>?county=</c> in the query a
/// 400 naming the field. A malformed code is left to the endpoint, which answers its own
/// <c>invalid_county</c> as before. After authentication, so a caller without a token gets its 401 first.
/// </summary>
public sealed class UnknownCounties(RequestDelegate next, CountyRegister register)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            var ct = context.RequestAborted;
            if (context.GetRouteValue("county") is string inPath && WellFormed(inPath))
            {
                await register.RequireInPathAsync(inPath, ct);
            }

            if (context.Request.Query.TryGetValue("county", out var query) && WellFormed(query.ToString()))
            {
                await register.RequireAsync(query.ToString(), "county", ct);
            }
        }

        await next(context);
    }

    private static bool WellFormed(string code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);
}
