using LoveCard.Hosting.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoveCard.Hosting.Observability;

/// <summary>Takes or makes the request's correlation id, echoes it and puts it in every log line's scope.</summary>
public sealed class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var id = Guid.TryParse(context.Request.Headers[CorrelationContext.HeaderName], out var given)
            ? given
            : Guid.NewGuid();
        CorrelationContext.Current = id;
        context.Response.Headers[CorrelationContext.HeaderName] = id.ToString();
        using (logger.BeginScope(new CorrelationScope(id)))
        {
            await next(context);
        }
    }
}
