using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace LoveCard.Hosting.Errors;

/// <summary>
/// The Chinese sentences of a service's problem details (ADR 0030): the service's own catalogue
/// (<c>Resources/Problems.zh.resx</c> in its assembly) first, then the shared one of this library
/// for the codes every service answers. Keyed by the stable <c>code</c>; English stays what the
/// code that raised the problem wrote, so an English answer is unchanged byte for byte.
/// </summary>
public sealed class ProblemCatalogue
{
    private const string BaseName = "Resources.Problems";
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private readonly IStringLocalizer _own;
    private readonly IStringLocalizer _shared;

    public ProblemCatalogue(IStringLocalizerFactory factory, ServiceDefinition service)
    {
        _own = factory.Create(BaseName, service.Assembly.GetName().Name!);
        _shared = factory.Create(BaseName, typeof(ProblemCatalogue).Assembly.GetName().Name!);
    }

    /// <summary>The Chinese sentence for <paramref name="key"/>, or null when neither catalogue has it.</summary>
    public string? ChineseFor(string key)
    {
        // The localizers read CurrentUICulture; set it for the look-up only, so nothing else in the
        // request (number or date formatting) changes with the caller's language.
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Chinese;
            var own = _own[key];
            if (!own.ResourceNotFound)
            {
                return own.Value;
            }

            var shared = _shared[key];
            return shared.ResourceNotFound ? null : shared.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>
    /// Rewrites <c>title</c> and <c>detail</c> in Chinese when the caller prefers it; <c>code</c>,
    /// <c>field</c> and every other member stay as they are.
    /// </summary>
    public void Localize(ProblemDetails problem, HttpContext context)
    {
        if (
            !ProblemLanguage.PrefersChinese(context.Request)
            || problem.Extensions.TryGetValue("code", out var value) is false
            || value is not string code
        )
        {
            return;
        }

        if (problem.Status is { } status && ChineseFor($"title:{status}") is { } title)
        {
            problem.Title = title;
        }

        if (ChineseFor(code) is { } sentence)
        {
            var field = problem.Extensions.TryGetValue("field", out var f) && f is string name ? name : "该项";
            problem.Detail = string.Format(CultureInfo.InvariantCulture, sentence, field);
        }

        context.Response.Headers[HeaderNames.ContentLanguage] = "zh-CN";
    }
}
