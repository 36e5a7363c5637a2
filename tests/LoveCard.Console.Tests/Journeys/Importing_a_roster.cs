using System.Globalization;
using System.Text;
using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;
using LoveCard.Demo.Codes;
using Microsoft.Playwright;

namespace LoveCard.Console.Tests.Journeys;

public sealed class Importing_a_roster : Journey
{
    private const int Rows = 120;

    [Test]
    public async Task A_clerk_signs_in_with_totp_uploads_a_roster_and_watches_it_to_the_end_with_the_bad_row_explained()
    {
        // Signed in afresh: user name and password, then the TOTP code identity asks of a bureau clerk.
        var page = await OpenAsync(People.Checker(System), "/imports", fresh: true, shots: "journey-1");
        await Assertions.Expect(page.Locator(".lc-user")).ToContainTextAsync("县民政局");
        await page.Locator("input[type=file]")
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "普陀区名册-追加.csv",
                    MimeType = "text/csv",
                    Buffer = Roster(),
                }
            );

        var progress = page.Locator("[data-test=import-progress]");
        await progress.WaitForAsync();
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 60_000 });
        var figures = await page.Locator("[data-test=import-figures]").InnerTextAsync();
        var done = await page.Locator("[data-test=import-done]").InnerTextAsync();
        var errors = await page.Locator("[data-test=import-errors]").InnerTextAsync();
        await ShotAsync(page, "journey-1-roster-import");
        await DocsShotAsync(page, "bureau-import");
        Assert.Multiple(() =>
        {
            Assert.That(figures, Does.Contain($"共 {Rows + 1:N0} 行").And.Contain("100%"), "total and percent");
            Assert.That(done, Does.Contain($"新增 {Rows:N0} 人").And.Contain("错误 1 行"));
            Assert.That(
                errors,
                Does.Contain($"第 {Rows + 2} 行").And.Contain("身份证号校验位不正确"),
                "the bad row, in Chinese, with what to do"
            );
        });

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("[data-test=error-report]").ClickAsync()
        );
        var report = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.That(report, Does.Contain("id_check"), "the error report downloads through the console");
    }

    /// <summary>New elders of the demo county, and one row whose ID number has a wrong check character.</summary>
    private static byte[] Roster()
    {
        var csv = new StringBuilder("身份证号,姓名,户籍省,居住县,村社区代码,经济困难\n");
        for (var i = 0; i < Rows; i++)
        {
            var id = ResidentIds.Make(DemoCounty.Home, new DateOnly(1945, 1, 1).AddDays(i * 7), 700 + i);
            csv.Append(CultureInfo.InvariantCulture, $"{id},测试{i},33,{DemoCounty.Home},{DemoCounty.VillageA},none\n");
        }

        var good = ResidentIds.Make(DemoCounty.Home, new DateOnly(1950, 2, 2), 699);
        var bad = good[..17] + (good[17] == '1' ? '2' : '1');
        csv.Append(CultureInfo.InvariantCulture, $"{bad},校验错,33,{DemoCounty.Home},{DemoCounty.VillageA},none\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
