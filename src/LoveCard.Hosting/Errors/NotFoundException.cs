namespace LoveCard.Hosting.Errors;

public sealed class NotFoundException(string what, string code = "not_found")
    : DomainException(404, code, $"{what} was not found.");
