using LoveCard.Hosting.Errors;

namespace LoveCard.Hosting.Paging;

/// <summary>
/// What a listing is asked for: <c>?page=&amp;pageSize=</c> (page from 1), and, for the listings that
/// offer them, <c>sort</c> (a column name, <c>-</c> in front for descending) and <c>q</c> (a search
/// text). Its answer is a <see cref="Paged{T}"/>. Every listing of every service reads its paging here.
/// </summary>
public readonly record struct PageRequest(int Page, int PageSize, string? Sort = null, string? Q = null)
{
    /// <summary>The rows to skip: SQL <c>OFFSET</c>.</summary>
    public int Offset => (Page - 1) * PageSize;

    /// <summary>
    /// The request, checked against <paramref name="limits"/> (default <see cref="PageLimits.Standard"/>).
    /// With <paramref name="errors"/> a bad value is added there, to be answered with the request's
    /// other faults; without, the first bad value is answered at once (400 naming the field).
    /// </summary>
    public static PageRequest Of(int? page, int? pageSize, PageLimits? limits = null, ValidationErrors? errors = null)
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

        if (errors is null && own.First is { } first)
        {
            throw new BadInputException(first.Field, first.Code, first.Message);
        }

        return new PageRequest(page ?? 1, pageSize ?? limits.DefaultSize);
    }
}
