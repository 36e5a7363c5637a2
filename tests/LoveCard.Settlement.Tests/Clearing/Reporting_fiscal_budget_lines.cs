using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.Tests.Statements;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Clearing;

/// <summary>
/// Fiscal budget lines (ADR 0039): a county names 养老服务补贴 for category 1 and 护理补贴 for category 2;
/// June's county statement and its clearing report the fiscal share per line (category 3's share on the
/// unassigned row), summing exactly to the fiscal total.
/// </summary>
public sealed class Reporting_fiscal_budget_lines
{
    private const string Period = "2026-06";

    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [Test]
    public async Task A_months_statement_and_clearing_show_the_fiscal_share_per_line()
    {
        var county = NewCounty();
        var village = county + "001";
        await BackOfficeData.AddFundsAsync(county, village);
        var provider = await BackOfficeData.AddProviderAsync(county);
        using var bureau = Host.CreateClient(Roles.Bureau, county);
        var put = await bureau.PutAsJsonAsync(
            $"/api/funds/{county}/budget-lines",
            new
            {
                lines = new object[]
                {
                    new
                    {
                        code = "yanglao",
                        name = "养老服务补贴",
                        categories = new[] { 1 },
                    },
                    new
                    {
                        code = "huli",
                        name = "护理补贴",
                        categories = new[] { 2 },
                    },
                },
            }
        );
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        Task<Guid> Book(int category, long fiscal, int day) =>
            BackOfficeData.BookAsync(
                new PurchaseSpec(
                    provider,
                    county,
                    Guid.NewGuid(),
                    Guid.NewGuid(),
                    county,
                    village,
                    Local(2026, 6, day),
                    fiscal,
                    100,
                    10,
                    200,
                    Category: category
                )
            );
        var refunded = await Book(1, 700, 3);
        await Book(1, 400, 10);
        await Book(2, 300, 11);
        await Book(3, 50, 12);
        await BackOfficeData.ReverseAsync(refunded, "refund", Local(2026, 6, 20), refundFen: 505);

        var summary = JsonNode.Parse(
            await bureau.GetStringAsync($"/api/statements/counties/{county}?period={Period}")
        )!;
        var close = await bureau.PostAsync($"/api/clearing/{Period}/close?county={county}", null);
        var closed = JsonNode.Parse(await close.Content.ReadAsStringAsync())!;
        Assert.That(close.StatusCode, Is.EqualTo(HttpStatusCode.Created), closed.ToJsonString());

        var fiscalTotal = (long)summary["totals"]!["fiscalFen"]!;
        var fiscalObligations = closed["obligations"]!
            .AsArray()
            .Where(o => (string)o!["source"]! == "fiscal")
            .Sum(o => (long)o!["amountFen"]!);
        foreach (
            var (name, lines, total) in new[]
            {
                ("statement", summary["fiscalLines"]!.AsArray(), fiscalTotal),
                ("clearing", closed["fiscalLines"]!.AsArray(), fiscalObligations),
            }
        )
        {
            long Of(string? line) => (long)lines.Single(l => (string?)l!["line"] == line)!["fiscalFen"]!;
            Assert.Multiple(() =>
            {
                Assert.That(lines.Sum(l => (long)l!["fiscalFen"]!), Is.EqualTo(total), $"{name}: the lines sum");
                Assert.That(Of("huli"), Is.EqualTo(300), name);
                Assert.That(Of(null), Is.EqualTo(50), $"{name}: category 3 on the unassigned row");
                Assert.That(Of("yanglao"), Is.EqualTo(total - 350).And.LessThan(1100), $"{name}: less the refund");
                Assert.That(
                    (string)lines.Single(l => (string?)l!["line"] == "yanglao")!["name"]!,
                    Is.EqualTo("养老服务补贴")
                );
            });
        }

        Assert.That(fiscalTotal, Is.EqualTo(fiscalObligations));
    }

    [Test]
    public async Task Bad_lines_are_refused_with_the_field_and_change_nothing()
    {
        var county = NewCounty();
        using var bureau = Host.CreateClient(Roles.Bureau, county);
        using var other = Host.CreateClient(Roles.Bureau, NewCounty());
        var good = new
        {
            code = "aixinka",
            name = "爱心卡专项",
            categories = new[] { 1, 2, 3 },
        };
        await bureau.PutAsJsonAsync($"/api/funds/{county}/budget-lines", new { lines = new[] { good } });

        var cases = new (object Body, string Field, string Code)[]
        {
            (
                new
                {
                    lines = new object[]
                    {
                        good,
                        new
                        {
                            code = "huli",
                            name = "护理补贴",
                            categories = new[] { 2 },
                        },
                    },
                },
                "lines[1].categories",
                "category_taken"
            ),
            (
                new
                {
                    lines = new[]
                    {
                        new
                        {
                            code = "x",
                            name = "x",
                            categories = new[] { 4 },
                        },
                    },
                },
                "lines[0].categories",
                "invalid_category"
            ),
            (
                new
                {
                    lines = new[]
                    {
                        new
                        {
                            code = "Bad Code",
                            name = "x",
                            categories = new[] { 1 },
                        },
                    },
                },
                "lines[0].code",
                "invalid_line_code"
            ),
            (new { lines = new[] { good, good } }, "lines[1].code", "duplicate_line"),
        };
        foreach (var (body, field, code) in cases)
        {
            var response = await bureau.PutAsJsonAsync($"/api/funds/{county}/budget-lines", body);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.That(
                ((int)response.StatusCode, (string?)problem["field"], (string?)problem["code"]),
                Is.EqualTo((400, field, code))
            );
        }

        var foreign = await other.PutAsJsonAsync(
            $"/api/funds/{county}/budget-lines",
            new { lines = Array.Empty<object>() }
        );
        Assert.That((int)foreign.StatusCode, Is.EqualTo(403));
        var now = JsonNode.Parse(await bureau.GetStringAsync($"/api/funds/{county}/budget-lines"))!;
        Assert.That((string?)now["lines"]![0]!["code"], Is.EqualTo("aixinka"));
        Assert.That(now["lines"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(now["unassignedCategories"]!.AsArray(), Is.Empty);
    }
}
