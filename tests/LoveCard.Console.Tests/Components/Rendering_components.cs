using AngleSharp.Dom;
using AntDesign;
using Bunit;
using LoveCard.Console.Api;
using LoveCard.Console.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Console.Tests.Components;

/// <summary>
/// bUnit: components whose behaviour needs no browser (issue 16: "bUnit for components where a browser is overkill").
/// </summary>
public sealed class Rendering_components
{
    private BunitContext _context = default!;

    [SetUp]
    public void StartContext()
    {
        _context = new BunitContext();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddAntDesign();
    }

    [TearDown]
    public void StopContext() => _context.Dispose();

    [Test]
    public void A_fund_that_lasts_less_than_the_alert_days_is_flagged()
    {
        var cut = _context.Render<FundCover>(p =>
            p.Add(
                    c => c.Funds,
                    [
                        new FundBalance("fund:330903:fiscal", "fiscal", null, 100_000),
                        new FundBalance("fund:330903:charity", "charity", null, 900_000),
                    ]
                )
                .Add(
                    c => c.Spending,
                    new Dictionary<string, long> { ["fiscal"] = 7 * 50_000, ["charity"] = 7 * 10_000 }
                )
                .Add(c => c.AlertDays, 7)
        );
        var rows = cut.FindAll("[data-test=fund-cover] tbody tr");
        Assert.Multiple(() =>
        {
            Assert.That(
                rows[0].TextContent,
                Does.Contain("财政").And.Contain("¥1,000.00").And.Contain("2 天").And.Contain("请及时充值")
            );
            Assert.That(rows[0].ClassList, Does.Contain("lc-row-warn"));
            Assert.That(rows[1].TextContent, Does.Contain("90 天").And.Not.Contain("请及时充值"));
        });
    }

    [Test]
    public void An_empty_list_says_what_to_do()
    {
        var cut = _context.Render<PagedTable<CardRecord>>(p =>
            p.Add(c => c.Items, Array.Empty<CardRecord>())
                .Add(c => c.EmptyText, "没有符合条件的卡。请调整筛选条件。")
                .Add(c => c.Columns, (RenderFragment<CardRecord>)(_ => _ => { }))
        );
        Assert.That(cut.Find("[data-test=empty]").TextContent, Does.Contain("请调整筛选条件"));
        Assert.That(cut.FindAll("table"), Is.Empty, "no empty grid");
    }

    [Test]
    public void A_category_shows_in_chinese_with_its_reasons()
    {
        var classification = new Classification(
            1,
            true,
            true,
            ["local", "hardship:dibao", "advanced_age"],
            "domain-2.1",
            new DateOnly(2026, 12, 1)
        );
        var tag = _context.Render<CategoryTag>(p => p.Add(c => c.Classification, classification));
        var reasons = _context.Render<ReasonTags>(p => p.Add(c => c.Reasons, classification.Reasons));
        Assert.Multiple(() =>
        {
            Assert.That(tag.Markup, Does.Contain("一类"));
            Assert.That(
                reasons.FindAll(".ant-tag").Select(t => t.TextContent.Trim()),
                Is.EqualTo(new[] { "本省户籍", "经济困难：低保", "高龄" })
            );
        });
    }

    [Test]
    public void Money_and_time_render_as_people_read_them()
    {
        var money = _context.Render<Money>(p => p.Add(c => c.Fen, -1234L));
        var time = _context.Render<When>(p =>
            p.Add(c => c.At, new DateTimeOffset(2026, 12, 1, 4, 5, 0, TimeSpan.Zero))
        );
        Assert.Multiple(() =>
        {
            Assert.That(money.Find(".lc-money").TextContent, Is.EqualTo("-¥12.34"));
            Assert.That(money.Find(".lc-money").ClassList, Does.Contain("lc-negative"));
            Assert.That(time.Find(".lc-time").TextContent, Is.EqualTo("2026-12-01 12:05"));
        });
    }
}
