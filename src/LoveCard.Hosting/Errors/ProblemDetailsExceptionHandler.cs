using System.Text.Json;
using LoveCard.Hosting.Messaging;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.Errors;

/// <summary>The one place exceptions become RFC 9457 problem details with a stable <c>code</c>.</summary>
public sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems,
    ILogger<ProblemDetailsExceptionHandler> logger
) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        var problem = exception switch
        {
            DomainException d => FromDomain(d),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Make(
                413,
                "body_too_large",
                "The request body is larger than this endpoint accepts.",
                null
            ),
            // The framework's own messages name internal types and parser positions ("could not be
            // converted to LoveCard.…PurchaseRequest … BytePositionInLine: 12"): answer in our words,
            // naming only the field (finding S-4).
            BadHttpRequestException b when FindJsonException(b) is { } json => Make(
                400,
                "invalid_json",
                InvalidJsonDetail,
                JsonPath(json.Path)
            ),
            BadHttpRequestException b => Make(
                400,
                "invalid_request",
                "A route, query or header value is missing or not in the expected form.",
                BoundParameter(b.Message)
            ),
            JsonException json => Make(400, "invalid_json", InvalidJsonDetail, JsonPath(json.Path)),
            // A NUL or otherwise unstorable character inside a JSON string reaches PostgreSQL as text it refuses.
            PostgresException
            {
                SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter
            } => Make(
                400,
                "invalid_text",
                "A text field holds a character that cannot be stored (such as \\u0000). Remove it and send again.",
                "body"
            ),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => Make(
                409,
                "conflict",
                "The object already exists or was changed at the same time; read it again and retry.",
                null
            ),
            NpgsqlException or TimeoutException when IsDatabaseUnavailable(exception) => Unavailable(httpContext),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => Make(
                499,
                "client_closed_request",
                "The client went away.",
                null
            ),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(
                exception,
                "Unhandled error on {Method} {Path}",
                httpContext.Request.Method,
                Observability.LogRedaction.Route(httpContext)
            );
            problem = Make(
                500,
                "internal_error",
                "Something went wrong on our side. Retry later; if it persists, give the correlation id to support.",
                null
            );
        }
        else if (problem.Status >= 500)
        {
            logger.LogWarning(
                "Answered {Status} {Code} on {Method} {Path}: {Error}",
                problem.Status,
                problem.Extensions["code"],
                httpContext.Request.Method,
                Observability.LogRedaction.Route(httpContext),
                exception.Message
            );
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            }
        );
    }

    private const string InvalidJsonDetail =
        "The body is not valid JSON for this request, or a value has the wrong type; see the field.";

    public static ProblemDetails Make(int status, string code, string detail, string? field)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = $"https://lovecard.example/problems/{code}",
            Title = code.Replace('_', ' '),
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        if (CorrelationContext.Current is { } correlationId)
        {
            problem.Extensions["correlationId"] = correlationId;
        }

        return problem;
    }

    private static ProblemDetails FromDomain(DomainException d)
    {
        var problem = Make(d.Status, d.Code, d.Message, d.Field);
        foreach (var (key, value) in d.Extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static ProblemDetails Unavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return Make(
            503,
            "database_unavailable",
            "The database is not reachable right now. Retry in a few seconds with the same idempotency key.",
            null
        );
    }

    private static bool IsDatabaseUnavailable(Exception e) =>
        e switch
        {
            PostgresException pg => pg.IsTransient
                || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
            NpgsqlException => true,
            TimeoutException => true,
            _ => false,
        };

    private static JsonException? FindJsonException(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary>
    /// The parameter's name from the framework's binding message (<c>Failed to bind parameter "Guid id"
    /// from "x".</c>, <c>Required parameter "string county" was not provided …</c>), without its type.
    /// </summary>
    private static string? BoundParameter(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, "parameter \"[^\" ]+ (?<name>[A-Za-z0-9_]+)\"");
        return match.Success ? match.Groups["name"].Value : null;
    }

    /// <summary><c>$.credential.type</c> → <c>credential.type</c>; the body itself → <c>body</c>.</summary>
    private static string JsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body"
        : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path;
}
