using System.Net;
using LoveCard.Console.Api;
using LoveCard.Console.Auth;

namespace LoveCard.Console.Downloads;

/// <summary>
/// Files people download (statements, summaries, error reports, payouts, the audit chain) come from
/// the services, which need the user's token; the browser holds no token (ADR 0017), so the console
/// fetches the file with the session's token and streams it on. Only these fixed routes exist: the
/// console is not an open proxy.
/// </summary>
public static class DownloadEndpoints
{
    public static WebApplication MapDownloads(this WebApplication app)
    {
        var group = app.MapGroup("/download").RequireAuthorization();
        group.MapGet(
            "/statements/providers/{providerId:guid}",
            (Guid providerId, string? period, string? date, string? format, HttpContext h) =>
                ForwardAsync(
                    h,
                    Service.Settlement,
                    $"api/statements/providers/{providerId}"
                        + Query.Of(("period", period), ("date", date), ("format", Format(format, "csv", "xlsx")))
                )
        );
        group.MapGet("/statements/counties/{county}", (string county, string? period, string? date, HttpContext h) =>
            ForwardAsync(
                h,
                Service.Settlement,
                $"api/statements/counties/{Uri.EscapeDataString(county)}"
                    + Query.Of(("period", period), ("date", date), ("format", "csv"))
            )
        );
        group.MapGet("/imports/{importId:guid}/errors", (Guid importId, HttpContext h) =>
            ForwardAsync(h, Service.Eligibility, $"api/elders/imports/{importId}/errors?format=csv")
        );
        group.MapGet("/clearing/{period}/payouts", (string period, string county, HttpContext h) =>
            ForwardAsync(
                h,
                Service.Settlement,
                $"api/clearing/{Uri.EscapeDataString(period)}/payouts" + Query.Of(("county", county), ("format", "csv"))
            )
        );
        group.MapGet("/reconciliations/{id:guid}", (Guid id, HttpContext h) =>
            ForwardAsync(h, Service.Settlement, $"api/reconciliations/{id}?format=csv")
        );
        group.MapGet("/audit", (string? format, HttpContext h) =>
            ForwardAsync(
                h,
                Service.Settlement,
                "api/audit/export" + Query.Of(("format", Format(format, "csv", "jsonl")))
            )
        );
        group.MapGet("/visiting-care/{county}", (string county, HttpContext h) =>
            ForwardAsync(
                h,
                Service.Eligibility,
                $"api/counties/{Uri.EscapeDataString(county)}/visiting-care?format=csv"
            )
        );
        return app;
    }

    private static string Format(string? asked, params string[] allowed) =>
        asked is not null && allowed.Contains(asked) ? asked : allowed[0];

    private static async Task ForwardAsync(HttpContext http, Service service, string path)
    {
        var user = http.RequestServices.GetRequiredService<CurrentUser>();
        user.Use(http.User);
        var api = http.RequestServices.GetRequiredService<ApiCaller>();
        HttpResponseMessage response;
        try
        {
            response = await api.SendAsync(service, new HttpRequestMessage(HttpMethod.Get, path), http.RequestAborted);
        }
        catch (SessionExpiredException)
        {
            http.Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(Referrer(http)));
            return;
        }
        catch (ApiProblemException e)
        {
            await RefuseAsync(http, e.Problem.Status, e.Problem.Message);
            return;
        }

        using (response)
        {
            http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
            if (response.Content.Headers.ContentDisposition is { } disposition)
            {
                http.Response.Headers.ContentDisposition = disposition.ToString();
            }

            await using var body = await response.Content.ReadAsStreamAsync(http.RequestAborted);
            await body.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    private static string Referrer(HttpContext http) =>
        Uri.TryCreate(http.Request.Headers.Referer.ToString(), UriKind.Absolute, out var uri)
        && uri.Host == http.Request.Host.Host
            ? uri.PathAndQuery
            : "/";

    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        var back = WebUtility.HtmlEncode(Referrer(http));
        return http.Response.WriteAsync(
            $"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>无法下载</title></head>
            <body style="font-family:sans-serif;margin:48px"><h1>无法下载</h1><p>{WebUtility.HtmlEncode(message)}</p>
            <p><a href="{back}">返回上一页</a></p></body></html>
            """
        );
    }
}
