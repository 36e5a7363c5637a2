namespace LoveCard.Console.Api;

/// <summary>One field's fault in a 400 problem's <c>errors</c> list.</summary>
public sealed record ApiFieldError(string? Field, string Code, string? Message);
