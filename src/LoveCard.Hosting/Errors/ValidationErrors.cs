namespace LoveCard.Hosting.Errors;

/// <summary>
/// Collects every field error of a request, then throws one 400 naming them all; the first error's
/// field and code are the problem's own, so a client that reads one field gets the first fault.
/// </summary>
public sealed class ValidationErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>The first error added, or null.</summary>
    public FieldError? First => _errors.Count > 0 ? _errors[0] : null;

    public ValidationErrors Add(string field, string code, string message)
    {
        _errors.Add(new FieldError(field, code, message));
        return this;
    }

    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        var first = _errors[0];
        var exception = new BadInputException(first.Field, first.Code, first.Message);
        exception.Extensions["errors"] = _errors.ToArray();
        throw exception;
    }

    public sealed record FieldError(string Field, string Code, string Message);
}
