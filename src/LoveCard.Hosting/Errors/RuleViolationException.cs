namespace LoveCard.Hosting.Errors;

/// <summary>422: well-formed but breaks a business rule (e.g. a price above the county ceiling).</summary>
public sealed class RuleViolationException(string code, string detail, string? field = null)
    : DomainException(422, code, detail, field);
