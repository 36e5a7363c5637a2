using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoveCard.Hosting.Auth;

namespace LoveCard.Cards.Tests.Language;

/// <summary>
/// Issue 17, ADR 0030: a problem's <c>title</c> and <c>detail</c> follow <c>Accept-Language</c>
/// (Chinese for zh, English otherwise); its <c>code</c> and <c>field</c> never do.
/// </summary>
[TestFixture]
public sealed partial class Answering_in_the_callers_language
{
    private static async Task<(HttpResponseMessage Response, JsonElement Problem)> ListWithBadStatusAsync(
        string? language
    )
    {
        var county = CardsTestKit.NewCounty();
        using var bureau = CardsTestKit.Bureau(county);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cards?county={county}&status=lost");
        if (language is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        }

        var response = await bureau.SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Test]
    public async Task A_zh_caller_gets_a_chinese_problem_with_the_unchanged_code_and_field()
    {
        var (response, problem) = await ListWithBadStatusAsync("zh-CN,zh;q=0.9,en;q=0.8");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("invalid_status"));
            Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("status"));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("请求有误"));
            Assert.That(Cjk().IsMatch(problem.GetProperty("detail").GetString()!), Is.True, problem.ToString());
            Assert.That(response.Content.Headers.ContentLanguage, Does.Contain("zh-CN"));
        });
    }

    [Test]
    public async Task An_english_caller_and_one_without_a_preference_get_english()
    {
        foreach (var language in new[] { "en-US", null, "zh;q=0.2, en;q=0.8", "fr" })
        {
            var (response, problem) = await ListWithBadStatusAsync(language);
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), language);
                Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("invalid_status"), language);
                Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("status"), language);
                Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("status is one of"), language);
                Assert.That(Cjk().IsMatch(problem.GetProperty("title").GetString()!), Is.False, language);
            });
        }
    }

    [Test]
    public async Task A_zh_preference_by_quality_wins_over_english_listed_first()
    {
        var (_, problem) = await ListWithBadStatusAsync("en;q=0.3, zh;q=0.9");
        Assert.That(Cjk().IsMatch(problem.GetProperty("detail").GetString()!), Is.True, problem.ToString());
    }

    [Test]
    public async Task Hosting_codes_are_chinese_too_not_found_and_unauthenticated()
    {
        using var bureau = CardsTestKit.Bureau(CardsTestKit.NewCounty());
        using var missing = new HttpRequestMessage(HttpMethod.Get, $"/api/cards/{Guid.NewGuid()}");
        missing.Headers.Add("Accept-Language", "zh");
        var notFound = await (await bureau.SendAsync(missing)).Content.ReadFromJsonAsync<JsonElement>();

        using var anonymous = CardsTestKit.Host.CreateClient();
        using var unsigned = new HttpRequestMessage(HttpMethod.Get, "/api/cards");
        unsigned.Headers.Add("Accept-Language", "zh-Hans-CN");
        var unauthenticated = await (await anonymous.SendAsync(unsigned)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(notFound.GetProperty("code").GetString(), Is.EqualTo("not_found"));
            Assert.That(notFound.GetProperty("title").GetString(), Is.EqualTo("未找到"));
            Assert.That(unauthenticated.GetProperty("code").GetString(), Is.EqualTo("unauthenticated"));
            Assert.That(
                Cjk().IsMatch(unauthenticated.GetProperty("detail").GetString()!),
                Is.True,
                unauthenticated.ToString()
            );
        });
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
