using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http;

namespace LoveCard.Hosting.Observability;

/// <summary>Applies <see cref="ManagementEndpoints"/> after authentication, before any endpoint runs.</summary>
public sealed class ManagementGateMiddleware(RequestDelegate next, ManagementEndpoints management)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (management.Refusal(context) is not { } status)
        {
            await next(context);
            return;
        }

        var (code, detail) = status switch
        {
            401 => ("unauthenticated", "Sign in as the province or an auditor to read this."),
            403 => ("forbidden", "Only the province or an auditor may read this."),
            _ => ("not_found", "Nothing here."),
        };
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(ProblemDetailsExceptionHandler.Make(status, code, detail, null));
    }
}
