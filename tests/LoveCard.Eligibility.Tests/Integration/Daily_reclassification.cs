using System.Net;
using System.Net.Http.Json;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static LoveCard.Eligibility.Tests.Integration.Roster;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>The daily job on a fake clock: elders crossing 60 or the advanced-age threshold, and expiring
/// assessments.</summary>
public sealed class Daily_reclassification
{
    private static readonly DateOnly Day = new(2025, 6, 1);
    private readonly FakeTimeProvider _clock = new(Shanghai.At(Day, new TimeOnly(10, 0)).ToUniversalTime());
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() => _host = await SharedService.StartOwnAsync(TestSettings.Development(), _clock);

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task An_elder_turning_60_overnight_becomes_eligible_and_an_expiring_assessment_drops_out()
    {
        var county = NewCounty();
        var client = _host.CreateClient("bureau", county);
        var turning60 = await RegisterAsync(client, county, new DateOnly(1965, 6, 2), null, null, 1);
        var expiring = await RegisterAsync(
            client,
            county,
            new DateOnly(1950, 1, 1),
            50,
            Day.AddMonths(-12).AddDays(1),
            2
        );
        Assert.That(turning60.Classification.Eligible, Is.False);
        Assert.That(expiring.Classification.Category, Is.EqualTo(2));

        // Advancing the fake clock also wakes the job runner's own timer, which may be running the job
        // already (then RunNowAsync finds it locked): wait for the outcome either way.
        _clock.Advance(TimeSpan.FromDays(1));
        await _host
            .Services.GetRequiredService<JobRunner>()
            .RunNowAsync(DailyReclassificationJob.JobName, CancellationToken.None);
        var after60 = await Eventually.ValueAsync(
            () => client.GetJsonAsync<ElderDto>($"/api/elders/{turning60.ElderId}"),
            e => e!.Classification.Eligible,
            what: "elder turning 60"
        );
        Assert.That(after60!.Classification.Eligible, Is.True);
        Assert.That(after60.Classification.Category, Is.EqualTo(3));
        var afterExpiry = await client.GetJsonAsync<ElderDto>($"/api/elders/{expiring.ElderId}");
        Assert.That(afterExpiry!.Classification.Category, Is.EqualTo(3));
        Assert.That(afterExpiry.Classification.Reasons, Does.Contain("assessment_expired"));
        Assert.That(await EventsAsync("ElderClassified", county), Is.EqualTo(4));

        // Running it again the same day changes nothing.
        await _host
            .Services.GetRequiredService<JobRunner>()
            .RunNowAsync(DailyReclassificationJob.JobName, CancellationToken.None);
        Assert.That(await EventsAsync("ElderClassified", county), Is.EqualTo(4));
    }

    [Test]
    public async Task A_wrong_id_number_is_a_400_naming_the_field()
    {
        var county = NewCounty();
        var response = await _host
            .CreateClient("bureau", county)
            .PostAsJsonAsync(
                "/api/elders",
                new
                {
                    idNumber = "330102196506020011",
                    name = "张三",
                    hukouProvince = "33",
                    homeCounty = county,
                    villageCode = Village(county),
                    hardship = "none",
                }
            );
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"field\":\"idNumber\""));
    }

    private static async Task<ElderDto> RegisterAsync(
        HttpClient client,
        string county,
        DateOnly birth,
        int? score,
        DateOnly? assessed,
        int village
    )
    {
        var response = await client.PostAsJsonAsync(
            "/api/elders",
            new
            {
                idNumber = NewId(birth),
                name = "张小三",
                hukouProvince = "33",
                homeCounty = county,
                villageCode = Village(county, village),
                hardship = "none",
                abilityScore = score,
                assessmentDate = assessed,
                reason = "bureau entry",
            }
        );
        Assert.That(
            response.StatusCode,
            Is.EqualTo(HttpStatusCode.Created),
            await response.Content.ReadAsStringAsync()
        );
        return (await response.Content.ReadFromJsonAsync<ElderDto>())!;
    }
}
