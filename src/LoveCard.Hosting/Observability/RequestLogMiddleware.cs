using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoveCard.Hosting.Observability;

/// <summary>
/// One line per request, in place of the framework's several (request started, endpoint executing,
/// result type, status set, request finished: 87 % of settlement's lines before, issue 20): method,
/// route template (never the raw path, finding S-9), status and time. Probes and scrapes are left
/// out, and so are the quick successes of a hot path (<see cref="QuietRequestLog"/>, ADR 0045); silence the lot with
/// <c>Logging:LogLevel:LoveCard.Requests=Warning</c>.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("LoveCard.Requests");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information) || IsProbe(context.Request.Path))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (
                status >= 400
                || elapsed >= QuietRequestLog.SlowerThan
                || context.GetEndpoint()?.Metadata.GetMetadata<QuietRequestLog>() is null
            )
            {
                Log(context, status, elapsed);
            }
        }
    }

    private void Log(HttpContext context, int status, TimeSpan elapsed) =>
        _logger.Log(
            status >= 500 ? LogLevel.Warning : LogLevel.Information,
            "{Method} {Route} answered {Status} in {ElapsedMs} ms",
            context.Request.Method,
            LogRedaction.Route(context),
            status,
            Math.Round(elapsed.TotalMilliseconds, 1)
        );

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
