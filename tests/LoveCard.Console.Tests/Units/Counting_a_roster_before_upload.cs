using System.Text;
using LoveCard.Console.Api;
using LoveCard.Console.Uploads;

namespace LoveCard.Console.Tests.Units;

public sealed class Counting_a_roster_before_upload
{
    [Test]
    public async Task Records_are_counted_not_lines()
    {
        var csv = "id_number,name,special_situations\r\n1,\"王\n秀华\",alone\r\n\r\n2,李,\r\n3,张,\"alone;empty_nest\"";
        Assert.That(
            await RosterRows.CountCsvRecordsAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv))) - 1,
            Is.EqualTo(3)
        );
    }

    [Test]
    public void Progress_says_share_done_and_time_left()
    {
        var running = new ImportProgress(
            Guid.NewGuid(),
            "330903",
            "running",
            "csv",
            "utf-8",
            1000,
            250,
            250,
            0,
            250,
            0,
            0,
            50,
            DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow,
            null,
            null
        );
        var eta = ImportEta.Of(running, 1000);
        Assert.Multiple(() =>
        {
            Assert.That(eta.Percent, Is.EqualTo(25));
            Assert.That(eta.TimeLeft, Is.EqualTo("约 15 秒"));
            Assert.That(ImportEta.Of(running with { Status = "succeeded" }, 1000).Percent, Is.EqualTo(100));
        });
    }

    [Test]
    public void A_providers_list_in_chinese_with_yuan_becomes_the_services_csv()
    {
        var gb18030 = Encoding.GetEncoding("GB18030");
        var file = gb18030.GetBytes(
            "小票号,时间,服务项目,金额\r\nR1,2026-12-01 12:00,助餐,15.00\r\nR2,2026-12-01 12:05,助浴,\"1,000.5\"\r\n"
        );
        var converted = ProviderList.ToServiceCsv(file);
        Assert.Multiple(() =>
        {
            Assert.That(converted.Rows, Is.EqualTo(2));
            Assert.That(
                Encoding.UTF8.GetString(converted.Csv),
                Is.EqualTo(
                    "receiptNo,time,item,amountFen\r\n"
                        + "R1,2026-12-01 12:00,meal,1500\r\nR2,2026-12-01 12:05,bath,100050\r\n"
                )
            );
        });
    }

    static Counting_a_roster_before_upload() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
