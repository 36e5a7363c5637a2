namespace LoveCard.Hosting.Paging;

/// <summary>
/// A listing's page sizes and the codes it answers for a bad <c>page</c> or <c>pageSize</c>. The codes
/// are part of each API's contract and never change; that is why two sets exist.
/// </summary>
public sealed record PageLimits(
    int DefaultSize,
    int MaxSize,
    string PageCode = "invalid_page",
    string PageSizeCode = "invalid_page_size"
)
{
    /// <summary>50 a page by default, at most 500.</summary>
    public static readonly PageLimits Standard = new(50, 500);

    /// <summary>The settlement core's and back office's listings (terminal orders, postings, statements, disputes,
    /// absences, anomalies) answer <c>out_of_range</c>.</summary>
    public static readonly PageLimits Settlement = new(50, 500, "out_of_range", "out_of_range");

    /// <summary>The whitelist's listings: 20 a page by default, at most 100.</summary>
    public static readonly PageLimits Whitelist = new(20, 100);
}
