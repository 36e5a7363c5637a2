namespace LoveCard.Hosting.Errors;

public sealed class ForbiddenException(string detail = "You may not act on this object.")
    : DomainException(403, "forbidden", detail);
