using System.Text;
using static LoveCard.Eligibility.Tests.Integration.Roster;

namespace LoveCard.Eligibility.Tests.Integration;

public sealed class Import_restart
{
    [Test]
    public async Task An_import_interrupted_by_a_restart_resumes_without_losing_or_doubling_rows()
    {
        var county = NewCounty();
        var csv = new StringBuilder(Header + "\n");
        for (var i = 0; i < 600; i++)
        {
            csv.AppendLine(Row(NewId(BornYearsAgo(61 + i % 35)), county));
        }

        Guid importId;
        var slow = await SharedService.StartOwnAsync(
            TestSettings.Development(("Imports:ChunkSize", "50"), ("Imports:ChunkDelayMs", "300"))
        );
        try
        {
            var client = slow.CreateClient("bureau", county);
            importId = await ImportAsync(client, county, csv.ToString());
            await Eventually.ValueAsync(
                () => client.GetJsonAsync<ImportDto>($"/api/elders/imports/{importId}"),
                i => i!.RowsRead >= 100,
                what: "progress"
            );
        }
        finally
        {
            await slow.DisposeAsync();
        }

        var interrupted = await Database.ScalarAsync<long>(
            "eligibility",
            "SELECT rows_read FROM imports WHERE import_id = @importId",
            new { importId }
        );
        Assert.That(interrupted, Is.LessThan(600), "the service stopped mid-import");

        await using var host = await SharedService.StartOwnAsync(TestSettings.Development());
        var resumed = await WaitForImportAsync(host.CreateClient("bureau", county), importId);
        Assert.That(resumed.Status, Is.EqualTo("succeeded"), resumed.Error);
        Assert.That(resumed.RowsRead, Is.EqualTo(600));
        Assert.That(resumed.RowsCreated, Is.EqualTo(600));
        Assert.That(
            await Database.ScalarAsync<long>(
                "eligibility",
                "SELECT count(*) FROM elders WHERE home_county = @county",
                new { county }
            ),
            Is.EqualTo(600)
        );
        Assert.That(await EventsAsync("ElderRegistered", county), Is.EqualTo(600));
        Assert.That(await EventsAsync("ElderClassified", county), Is.EqualTo(600));
    }
}
