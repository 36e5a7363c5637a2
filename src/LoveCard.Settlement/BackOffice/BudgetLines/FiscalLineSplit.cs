namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>
/// Derives the fiscal share per budget line from the fiscal share per paying county and category (ADR 0039):
/// each category goes to the line of its county that funds it, or to the county's unassigned row. Every
/// line of a county that has any fiscal amount is listed (0 when it paid nothing), the unassigned row only
/// when it holds something; so the rows sum to the fiscal total exactly.
/// </summary>
public static class FiscalLineSplit
{
    public const string UnassignedName = "未指定预算科目";

    public static IReadOnlyList<FiscalLineTotal> Split(
        IEnumerable<(string County, int? Category, long FiscalFen)> amounts,
        IReadOnlyDictionary<string, IReadOnlyList<BudgetLine>> lines
    )
    {
        var result = new List<FiscalLineTotal>();
        foreach (var county in amounts.GroupBy(a => a.County).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var own = lines.GetValueOrDefault(county.Key, []);
            foreach (var line in own)
            {
                var fen = county.Where(a => a.Category is { } c && line.Categories.Contains(c)).Sum(a => a.FiscalFen);
                result.Add(new FiscalLineTotal(county.Key, line.Code, line.Name, line.Categories, fen));
            }

            var covered = own.SelectMany(l => l.Categories).ToHashSet();
            var rest = county.Where(a => a.Category is not { } c || !covered.Contains(c)).Sum(a => a.FiscalFen);
            if (rest != 0 || own.Count == 0)
            {
                var categories = Enumerable.Range(1, 3).Where(c => !covered.Contains(c)).ToArray();
                result.Add(new FiscalLineTotal(county.Key, null, UnassignedName, categories, rest));
            }
        }

        return result;
    }
}
