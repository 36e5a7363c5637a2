using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LoveCard.Hosting.Observability;

/// <summary>
/// What a log line may say about a request's path (finding S-9): the route template
/// (<c>/api/cards/numbers/{number}</c>), never the card number, ID number or phone the caller put in
/// it; a path no endpoint matched has every segment that looks like one of those replaced.
/// </summary>
public static partial class LogRedaction
{
    public static string Route(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template })
        {
            return template.StartsWith('/') ? template : "/" + template;
        }

        return PersonalSegment().Replace(context.Request.Path.Value ?? "", "{redacted}");
    }

    // A card number (a letter and 8 digits), a resident ID number (17 digits and a check character),
    // a phone number (11 digits), or any segment with six or more digits in a row.
    [GeneratedRegex("(?<=/)[^/]*[0-9]{6,}[^/]*|(?<=/)[A-Za-z][0-9]{8}(?=/|$)")]
    private static partial Regex PersonalSegment();
}
