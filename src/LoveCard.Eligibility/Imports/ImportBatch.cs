using LoveCard.Eligibility.Elders;

namespace LoveCard.Eligibility.Imports;

/// <summary>A batch of consecutive data rows, validated and hashed by the reader, committed as one
/// transaction.</summary>
internal sealed class ImportBatch(int capacity)
{
    /// <summary>1-based index of the first data row (the header is not counted): the checkpoint's key.</summary>
    public long FirstRow { get; set; }

    public List<(long RowNumber, ElderInput Input)> Accepted { get; } = new(capacity);
    public List<KeyedHashes> Keyed { get; } = new(capacity);
    public List<(long RowNumber, List<RowError> Errors)> Rejected { get; } = [];
    public int Count => Accepted.Count + Rejected.Count;
}
