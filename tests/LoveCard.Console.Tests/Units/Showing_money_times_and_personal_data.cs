using LoveCard.Console.Formatting;

namespace LoveCard.Console.Tests.Units;

public sealed class Showing_money_times_and_personal_data
{
    [TestCase(12345L, "¥123.45")]
    [TestCase(5L, "¥0.05")]
    [TestCase(-500L, "-¥5.00")]
    [TestCase(100_000_000L, "¥1,000,000.00")]
    [TestCase(0L, "¥0.00")]
    public void Fen_are_shown_as_yuan_with_two_decimals(long fen, string shown) =>
        Assert.That(Yuan.Format(fen), Is.EqualTo(shown));

    [TestCase("15", 1500L)]
    [TestCase("15.5", 1550L)]
    [TestCase("¥1,234.50", 123450L)]
    [TestCase("￥0.01", 1L)]
    public void Typed_yuan_become_exact_fen(string typed, long fen) =>
        Assert.That(Yuan.ParseFen(typed), Is.EqualTo(fen));

    [TestCase("15.555")]
    [TestCase("abc")]
    [TestCase("-3")]
    [TestCase("")]
    public void A_typo_is_refused_rather_than_rounded(string typed) => Assert.That(Yuan.ParseFen(typed), Is.Null);

    [Test]
    public void Times_are_Beijing_time_to_the_minute()
    {
        var lateUtc = new DateTimeOffset(2026, 12, 31, 16, 30, 59, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(ShanghaiTime.Format(lateUtc), Is.EqualTo("2027-01-01 00:30"), "a new year in Beijing");
            Assert.That(ShanghaiTime.Period(lateUtc), Is.EqualTo("2027-01"), "the month is Beijing's");
            Assert.That(ShanghaiTime.PeriodLabel("2027-01"), Is.EqualTo("2027年1月"));
        });
    }

    [Test]
    public void Time_left_reads_as_minutes_and_seconds() =>
        Assert.That(ShanghaiTime.Duration(200.2), Is.EqualTo("约 3 分 21 秒"));

    [Test]
    public void Personal_data_that_arrives_unmasked_is_masked_again()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Masks.Name("王秀华"), Is.EqualTo("王*华"));
            Assert.That(Masks.Name("王*华"), Is.EqualTo("王*华"), "already masked stays as it is");
            Assert.That(Masks.IdNumber("330102194003150016"), Is.EqualTo("330102********0016"));
            Assert.That(Masks.Phone("13800001234"), Is.EqualTo("138****1234"));
        });
    }

    [Test]
    public void Codes_are_shown_in_chinese()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Labels.ClassificationReason("hardship:dibao"), Is.EqualTo("经济困难：低保"));
            Assert.That(Labels.ClassificationReason("ability>=1"), Is.EqualTo("失能（能力等级≥1）"));
            Assert.That(Labels.Item("meal"), Is.EqualTo("助餐"));
            Assert.That(Labels.Account("fund:330903:collective:330903001001"), Is.EqualTo("村集体（330903001001）"));
            Assert.That(Labels.EventType("LoveCard.Contracts.Cards.CardSuspended"), Is.EqualTo("卡片停用"));
            Assert.That(Counties.Name("330903"), Is.EqualTo("舟山市普陀区"));
            Assert.That(Counties.All, Has.Count.EqualTo(90));
        });
    }

    [Test]
    public void An_anomalys_evidence_reads_in_chinese_with_yuan_and_beijing_time()
    {
        var lines = Evidence.Read(
            """{"meals":5,"threshold":3,"totalFen":7500,"at":"2026-12-01T04:00:00Z","purchaseIds":["a","b"]}"""
        );
        Assert.That(
            lines.Select(l => $"{l.Label}={l.Value}"),
            Is.EquivalentTo(
                new[] { "当日用餐次数=5", "阈值=3", "金额合计=¥75.00", "发生时间=2026-12-01 12:00", "涉及交易=2 项" }
            )
        );
    }
}
