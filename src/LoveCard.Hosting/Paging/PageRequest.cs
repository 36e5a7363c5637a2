using LoveCard.Hosting.Errors;

namespace LoveCard.Hosting.Paging;

/// <summary>A page request (<c>?page=&amp;pageSize=</c>, page from 1), validated.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public int Offset => (Page - 1) * PageSize;

    public static PageRequest Of(int? page, int? pageSize)
    {
        if (page is < 1)
        {
            throw new BadInputException("page", "out_of_range", "page starts at 1.");
        }

        if (pageSize is < 1 or > 500)
        {
            throw new BadInputException("pageSize", "out_of_range", "pageSize must be between 1 and 500.");
        }

        return new PageRequest(page ?? 1, pageSize ?? 50);
    }
}
