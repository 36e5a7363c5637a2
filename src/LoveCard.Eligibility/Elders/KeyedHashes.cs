namespace LoveCard.Eligibility.Elders;

/// <summary>An input's keyed hashes, computed ahead (on the import's reader thread) so the writer does not.</summary>
public readonly record struct KeyedHashes(string IdHash, string RowHash);
