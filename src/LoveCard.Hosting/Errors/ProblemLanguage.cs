using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LoveCard.Hosting.Errors;

/// <summary>
/// Which of the two languages a problem is answered in (ADR 0030): Chinese when the caller's
/// <c>Accept-Language</c> ranks a <c>zh</c> tag above English and <c>*</c>, English otherwise (also
/// when the header is missing or malformed, so a terminal that sends none is answered as before).
/// </summary>
public static class ProblemLanguage
{
    public static bool PrefersChinese(HttpRequest request)
    {
        if (!request.Headers.ContainsKey(HeaderNames.AcceptLanguage))
        {
            return false;
        }

        IList<StringWithQualityHeaderValue> ranges;
        try
        {
            ranges = request.GetTypedHeaders().AcceptLanguage;
        }
        catch (FormatException)
        {
            return false;
        }

        // Highest quality first; equal qualities keep the caller's order (OrderByDescending is stable).
        foreach (var range in ranges.OrderByDescending(r => r.Quality ?? 1.0))
        {
            if (range.Quality is <= 0)
            {
                continue;
            }

            var tag = range.Value.Value ?? "";
            if (
                tag.Equals("zh", StringComparison.OrdinalIgnoreCase)
                || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase)
            )
            {
                return true;
            }

            if (
                tag == "*"
                || tag.Equals("en", StringComparison.OrdinalIgnoreCase)
                || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase)
            )
            {
                return false;
            }
        }

        return false;
    }
}
