namespace LoveCard.Hosting.Errors;

/// <summary>400: the request is malformed; <paramref name="field"/> names the JSON path or CSV column.</summary>
public sealed class BadInputException(string field, string code, string detail)
    : DomainException(400, code, detail, field);
