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
