namespace LoveCard.Hosting.Paging;

/// <summary>
/// Query parameters an endpoint reads without a handler parameter (ADR 0031); see
/// <see cref="UnknownQueryParameters"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class AcceptsQueryAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
