namespace LoveCard.Eligibility.Elders;

/// <summary>What a write did, row by row (index into the inputs).</summary>
public sealed class WriteResult
{
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Published { get; set; }
    public Dictionary<int, Guid> ElderIds { get; } = [];
    public Dictionary<int, RowError> Rejected { get; } = [];
}
