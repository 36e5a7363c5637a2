namespace LoveCard.Hosting.Exports;

/// <summary>How an export column's values are written (ADR 0032).</summary>
public enum ExportCell
{
    /// <summary>Text; a cell a spreadsheet would run as a formula is neutralised.</summary>
    Text,

    /// <summary>A whole number (a count, a quantity, a row number).</summary>
    Number,

    /// <summary>
    /// Money held as <c>long</c> fen: yuan with two decimals for people (an XLSX number cell with
    /// format <c>0.00</c>), whole fen under <c>?headers=codes</c>.
    /// </summary>
    Yuan,

    /// <summary>An instant, shown as Asia/Shanghai wall-clock time (an XLSX date cell).</summary>
    Time,
}
