using LoveCard.Hosting.Errors;

namespace LoveCard.Eligibility;

/// <summary>One page of a listing, with the total so a client can page on.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int PageNumber, int PageSize);

public static class Paging
{
    public const int MaxPageSize = 500;

    /// <summary>400 unless page >= 1 and 1 <= pageSize <= 500; defaults 1 and 50.</summary>
    public static (int Page, int PageSize) Check(int? page, int? pageSize)
    {
        var p = page ?? 1;
        var s = pageSize ?? 50;
        if (p < 1)
        {
            throw new BadInputException("page", "invalid_page", "page starts at 1.");
        }

        if (s is < 1 or > MaxPageSize)
        {
            throw new BadInputException("pageSize", "invalid_page_size", $"pageSize is 1–{MaxPageSize}.");
        }

        return (p, s);
    }
}
