namespace LoveCard.Hosting.Errors;

public sealed class ConflictException(string code, string detail) : DomainException(409, code, detail);
