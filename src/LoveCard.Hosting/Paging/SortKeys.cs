using LoveCard.Hosting.Errors;

namespace LoveCard.Hosting.Paging;

/// <summary>
/// The fields a listing sorts on (ADR 0031): a whitelist of API names, each with the SQL expression
/// it orders by, the default order, and a unique column that ends every order so pages never
/// overlap or skip. <c>sort=createdAt</c> ascending, <c>sort=-createdAt</c> descending, several keys
/// separated by commas; any other name answers 400 <c>invalid_sort</c> naming <c>sort</c>. The SQL
/// comes from this whitelist only, never from the request.
/// </summary>
public sealed class SortKeys
{
    private readonly Dictionary<string, string> _columns;

    /// <param name="defaultSort">
    /// The order when none is asked for, in the request's syntax (e.g. <c>-createdAt</c>).
    /// </param>
    /// <param name="tieBreak">A unique column (with its direction if needed) that ends every order.</param>
    /// <param name="columns">API name and SQL expression of each sortable field.</param>
    public SortKeys(string defaultSort, string tieBreak, params (string Key, string Column)[] columns)
    {
        _columns = columns.ToDictionary(c => c.Key, c => c.Column, StringComparer.OrdinalIgnoreCase);
        Default = defaultSort;
        TieBreak = tieBreak;
    }

    public string Default { get; }

    public string TieBreak { get; }

    /// <summary>The documented sort keys, for the OpenAPI description and the error message.</summary>
    public IEnumerable<string> Keys => _columns.Keys;

    /// <summary>
    /// The SQL <c>ORDER BY</c> list for <paramref name="sort"/> (or the default); a bad key is added to
    /// <paramref name="errors"/> and the default order is returned.
    /// </summary>
    public string OrderBy(string? sort, ValidationErrors errors)
    {
        var wanted = string.IsNullOrWhiteSpace(sort) ? Default : sort;
        var parts = new List<string>();
        foreach (var raw in wanted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var descending = raw.StartsWith('-');
            var key = descending || raw.StartsWith('+') ? raw[1..] : raw;
            if (!_columns.TryGetValue(key, out var column))
            {
                errors.Add(
                    "sort",
                    "invalid_sort",
                    $"sort is one or more of {string.Join(", ", Keys)}, each with '-' in front for descending."
                );
                return OrderBy(Default, new ValidationErrors());
            }

            parts.Add(descending ? $"{column} DESC NULLS LAST" : $"{column} ASC NULLS LAST");
        }

        parts.Add(TieBreak);
        return string.Join(", ", parts);
    }
}
