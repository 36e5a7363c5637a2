namespace LoveCard.Hosting.Errors;

/// <summary>
/// A refusal the caller can act on, answered as RFC 9457 problem details with a stable
/// <see cref="Code"/> (and the <see cref="Field"/> at fault, for bad input). Thrown by handlers and
/// mapped once, by <see cref="ProblemDetailsExceptionHandler"/>.
/// </summary>
public class DomainException(int status, string code, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string? Field { get; } = field;

    /// <summary>Extra members for the problem body (e.g. what remains refundable).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}

/// <summary>400: the request is malformed; <paramref name="field"/> names the JSON path or CSV column.</summary>
public sealed class BadInputException(string field, string code, string detail) : DomainException(400, code, detail, field);

public sealed class NotFoundException(string what, string code = "not_found") : DomainException(404, code, $"{what} was not found.");

public sealed class ConflictException(string code, string detail) : DomainException(409, code, detail);

/// <summary>422: well-formed but breaks a business rule (e.g. a price above the county ceiling).</summary>
public sealed class RuleViolationException(string code, string detail, string? field = null) : DomainException(422, code, detail, field);

public sealed class ForbiddenException(string detail = "You may not act on this object.") : DomainException(403, "forbidden", detail);
