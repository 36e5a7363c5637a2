using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.Tests.Statements;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>
/// An absence recorded wrongly is shortened (PATCH) or withdrawn (DELETE), with a reason and an event; the rule
/// then goes by the corrected absence. Days in March 2026, one county for the fixture.
/// </summary>
public sealed class Correcting_an_absence
{
    private string _county = "";
    private Guid _provider;

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        _county = NewCounty();
        await BackOfficeData.AddFundsAsync(_county, _county + "001");
        _provider = await BackOfficeData.AddProviderAsync(_county);
    }

    private HttpClient Bureau() => Host.CreateClient(Roles.Bureau, _county);

    private async Task<Guid> RecordAsync(Guid elder, DateTimeOffset from, DateTimeOffset to)
    {
        var response = await Bureau()
            .PostAsJsonAsync(
                "/api/absences",
                new
                {
                    elderId = elder,
                    kind = "away",
                    from,
                    to,
                    reason = "visiting family",
                }
            );
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        return (Guid)JsonNode.Parse(body)!["absence"]!["absenceId"]!;
    }

    private async Task<long> FlaggedAsync(Guid purchase)
    {
        await Host
            .Services.GetRequiredService<AnomalyScanner>()
            .ScanAsync(Local(2026, 3, 1, 0), Local(2026, 3, 31, 0), default);
        return await ScalarAsync(
            "SELECT count(*) FROM anomalies WHERE rule = 'during_absence' AND evidence -> 'purchaseIds' ? @id",
            new { id = purchase.ToString() }
        );
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"]?.GetValue<string>();

    [Test]
    public async Task Shortening_keeps_the_rule_to_the_new_dates_and_withdrawing_stops_it()
    {
        var elder = Guid.NewGuid();
        // Settlement knows an elder from their purchases (or the eligibility read model).
        await BackOfficeData.BookAsync(
            new PurchaseSpec(
                _provider,
                _county,
                elder,
                Guid.NewGuid(),
                _county,
                _county + "001",
                Local(2026, 3, 2, 12),
                1000,
                200,
                0,
                300
            )
        );
        var absence = await RecordAsync(elder, Local(2026, 3, 10, 8), Local(2026, 3, 20, 8));
        var longer = await Bureau()
            .PatchAsJsonAsync($"/api/absences/{absence}", new { to = Local(2026, 3, 25, 8), reason = "longer" });
        var noReason = await Bureau().PatchAsJsonAsync($"/api/absences/{absence}", new { to = Local(2026, 3, 15, 8) });
        var shortened = await Bureau()
            .PatchAsJsonAsync($"/api/absences/{absence}", new { to = Local(2026, 3, 15, 8), reason = "back early" });
        Assert.Multiple(async () =>
        {
            Assert.That(((int)longer.StatusCode, await CodeAsync(longer)), Is.EqualTo((400, "not_shorter")));
            Assert.That(((int)noReason.StatusCode, await CodeAsync(noReason)), Is.EqualTo((400, "required")));
            Assert.That(
                shortened.StatusCode,
                Is.EqualTo(HttpStatusCode.OK),
                await shortened.Content.ReadAsStringAsync()
            );
        });

        var afterReturn = await BackOfficeData.BookAsync(
            new PurchaseSpec(
                _provider,
                _county,
                elder,
                Guid.NewGuid(),
                _county,
                _county + "001",
                Local(2026, 3, 17, 12),
                1000,
                200,
                0,
                300
            )
        );
        Assert.That(await FlaggedAsync(afterReturn), Is.Zero, "the elder was back on the 15th");

        var withdrawn = await Bureau().DeleteAsync($"/api/absences/{absence}?reason=recorded for the wrong elder");
        var again = await Bureau().DeleteAsync($"/api/absences/{absence}?reason=twice");
        Assert.That(withdrawn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await withdrawn.Content.ReadAsStringAsync());
        Assert.That(((int)again.StatusCode, await CodeAsync(again)), Is.EqualTo((409, "absence_withdrawn")));
        var inside = await BackOfficeData.BookAsync(
            new PurchaseSpec(
                _provider,
                _county,
                elder,
                Guid.NewGuid(),
                _county,
                _county + "001",
                Local(2026, 3, 12, 12),
                1000,
                200,
                0,
                300
            )
        );
        Assert.That(await FlaggedAsync(inside), Is.Zero, "a withdrawn absence flags nothing");
        await RecordAsync(elder, Local(2026, 3, 11, 8), Local(2026, 3, 13, 8)); // no longer overlaps anything
        Assert.That(
            await ScalarAsync(
                "SELECT count(*) FROM outbox WHERE aggregate_id = @id AND message_type LIKE '%.ElderAbsenceChanged'",
                new { id = absence.ToString() }
            ),
            Is.EqualTo(2)
        );
    }
}
