namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// The allocation rule's weights in thousandths (province settings, ADR 0038): a mountain or island county
/// counts 1.5 times (1500), any other once (1000). Configured as
/// <c>CharityFund:MountainOrIslandWeightPermille</c> and <c>CharityFund:OtherWeightPermille</c>.
/// </summary>
public sealed record CharityWeights(int MountainOrIslandPermille, int OtherPermille)
{
    public static readonly CharityWeights Default = new(1500, 1000);

    public static CharityWeights From(IConfiguration configuration)
    {
        var weights = new CharityWeights(
            configuration.GetValue("CharityFund:MountainOrIslandWeightPermille", Default.MountainOrIslandPermille),
            configuration.GetValue("CharityFund:OtherWeightPermille", Default.OtherPermille)
        );
        if (weights.MountainOrIslandPermille is < 1 or > 100_000 || weights.OtherPermille is < 1 or > 100_000)
        {
            throw new InvalidOperationException("CharityFund weights are between 1 and 100000 thousandths.");
        }

        return weights;
    }

    public int For(bool mountainOrIsland) => mountainOrIsland ? MountainOrIslandPermille : OtherPermille;
}
