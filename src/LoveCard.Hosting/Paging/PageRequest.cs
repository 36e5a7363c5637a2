using LoveCard.Hosting.Errors;

namespace LoveCard.Hosting.Paging;

/// <summary>
/// What a listing is asked for (ADR 0031): <c>?page=&amp;pageSize=</c> (page from 1), and, for the
/// listings that offer them, <c>sort</c> (one or more of the listing's <see cref="SortKeys"/>, <c>-</c>
/// in front for descending) and <c>q</c> (a search text, trimmed, at most <see cref="MaxQueryLength"/>
/// characters). Its answer is a <see cref="Paged{T}"/>. Every listing of every service reads its paging here.
/// </summary>
public readonly record struct PageRequest(int Page, int PageSize, string? Sort = null, string? Q = null)
{
    public const int MaxQueryLength = 100;

    /// <summary>The rows to skip: SQL <c>OFFSET</c>.</summary>
    public int Offset => (Page - 1) * PageSize;

    /// <summary>
    /// The SQL <c>ORDER BY</c> list from the listing's whitelist (<see cref="SortKeys"/>); empty without one.
    /// </summary>
    public string OrderBy { get; init; } = "";

    /// <summary>
    /// The request, checked against <paramref name="limits"/> (default <see cref="PageLimits.Standard"/>).
    /// With <paramref name="errors"/> a bad value is added there, to be answered with the request's
    /// other faults; without, the first bad value is answered at once (400 naming the field).
    /// </summary>
    public static PageRequest Of(
        int? page,
        int? pageSize,
        PageLimits? limits = null,
        ValidationErrors? errors = null
    ) => Of(page, pageSize, null, null, null, limits, errors);

    /// <summary>
    /// As <see cref="Of(int?, int?, PageLimits?, ValidationErrors?)"/>, with the listing's sort keys and
    /// search text: <c>sort</c> is checked against <paramref name="sortKeys"/> (400 <c>invalid_sort</c>),
    /// <c>q</c> is trimmed (blank is none) and at most <see cref="MaxQueryLength"/> characters (400 <c>too_long</c>).
    /// </summary>
    public static PageRequest Of(
        int? page,
        int? pageSize,
        string? sort,
        string? q,
        SortKeys? sortKeys,
        PageLimits? limits = null,
        ValidationErrors? errors = null
    )
    {
        limits ??= PageLimits.Standard;
        var own = errors ?? new ValidationErrors();
        if (page is < 1)
        {
            own.Add("page", limits.PageCode, "page starts at 1.");
        }

        if (pageSize is { } size && (size < 1 || size > limits.MaxSize))
        {
            own.Add("pageSize", limits.PageSizeCode, $"pageSize is from 1 to {limits.MaxSize}.");
        }

        var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        if (search is { Length: > MaxQueryLength })
        {
            own.Add("q", "too_long", $"q is at most {MaxQueryLength} characters.");
        }

        var orderBy = sortKeys?.OrderBy(sort, own) ?? "";
        if (errors is null && own.First is { } first)
        {
            throw new BadInputException(first.Field, first.Code, first.Message);
        }

        return new PageRequest(page ?? 1, pageSize ?? limits.DefaultSize, sort, search) { OrderBy = orderBy };
    }
}
