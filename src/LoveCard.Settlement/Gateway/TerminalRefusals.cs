using System.Globalization;
using LoveCard.Hosting.Errors;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// The gateway's answers to requests it stops (TERMINAL-PROTOCOL.md, "Errors"): problem details with a stable
/// <c>code</c>, written before any endpoint runs, so they go through the problem details service directly.
/// </summary>
public sealed class TerminalRefusals(IProblemDetailsService problems)
{
    public Task NonceReplayedAsync(HttpContext context) =>
        RefuseAsync(context, 401, "nonce_replayed", "This nonce was used before by this terminal.");

    public Task RateLimitedAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return RefuseAsync(context, 429, "rate_limited", $"Too many requests; retry after {retryAfterSeconds} s.");
    }

    public async Task RefuseAsync(HttpContext context, int status, string code, string detail, string? field = null)
    {
        context.Response.StatusCode = status;
        var problem = ProblemDetailsExceptionHandler.Make(status, code, detail, field);
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
