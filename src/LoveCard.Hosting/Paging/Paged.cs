namespace LoveCard.Hosting.Paging;

/// <summary>One page of a listing: its items, the total across all pages, and the page it is.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize)
{
    public static Paged<T> Of(PageRequest request, long total, IReadOnlyList<T> items) =>
        new(items, total, request.Page, request.PageSize);
}
