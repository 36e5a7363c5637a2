namespace LoveCard.Hosting.Exports;

/// <summary>
/// One column of an export: its machine name (<c>?headers=codes</c>, unchanged for existing
/// consumers), its Chinese header (the default), how its cells are written, whether the totals row
/// sums it, and for code-valued columns the Chinese word people read for each code.
/// </summary>
public sealed record ExportColumn(string Code, string Header, ExportCell Cell = ExportCell.Text, bool Summed = false)
{
    /// <summary>
    /// Chinese words for the codes a column holds (kinds, outcomes, statuses); codes stay codes under
    /// <c>?headers=codes</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Words { get; init; }
}
