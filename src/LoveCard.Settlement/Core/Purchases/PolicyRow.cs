namespace LoveCard.Settlement.Core.Purchases;

public sealed class PolicyRow
{
    public int PolicyVersion { get; init; }

    public string Categories { get; init; } = "[]";
}
