namespace LoveCard.Hosting.Counties;

/// <summary>One county-level division of Zhejiang in the register (ADR 0036).</summary>
/// <param name="Code">The 6-digit administrative division code, e.g. <c>330113</c>.</param>
/// <param name="Name">The division's name, e.g. 临平区.</param>
/// <param name="City">The prefecture-level city it belongs to, e.g. 杭州市.</param>
/// <param name="Mountain">One of the province's 26 mountain counties (山区26县).</param>
/// <param name="Island">An island county or district (海岛县).</param>
public sealed record CountyDivision(string Code, string Name, string City, bool Mountain, bool Island)
{
    /// <summary>Favoured by the provincial charity fund: mountain or island.</summary>
    public bool MountainOrIsland => Mountain || Island;
}
