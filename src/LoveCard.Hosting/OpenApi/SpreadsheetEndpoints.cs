using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LoveCard.Hosting.OpenApi;

/// <summary>Marks endpoints that take or give spreadsheets, so the OpenAPI document describes those bodies.</summary>
public static class SpreadsheetEndpoints
{
    /// <summary>
    /// The body is a CSV (UTF-8 or GB18030) or XLSX file, raw or as the one file of a multipart form.
    /// </summary>
    public static RouteHandlerBuilder AcceptsSpreadsheet(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new SpreadsheetMetadata(Upload: true, Download: false));

    /// <summary>The 200 answer can also be CSV or XLSX (<c>?format=csv|xlsx</c>).</summary>
    public static RouteHandlerBuilder ProducesSpreadsheet(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new SpreadsheetMetadata(Upload: false, Download: true));
}
