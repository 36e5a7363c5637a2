namespace LoveCard.Settlement.Core.SelfService;

/// <summary>
/// One source's monthly cap for an elder: what the policy in force allows, what is used, what is left.
/// </summary>
public sealed record SubsidySource(string Source, long CapFen, long UsedFen, long LeftFen);
