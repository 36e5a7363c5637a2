using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.Tests.Statements;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>
/// A bureau records that an elder was in hospital or away (DOMAIN.md §6); purchases given on the
/// elder's card in that time are flagged <c>during_absence</c>, both those booked before the absence
/// was written down and those booked after. Days in late April 2026, one county for the fixture.
/// </summary>
public sealed class Recording_an_absence
{
    private string _county = "";
    private string _village = "";
    private Guid _provider;

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        _county = NewCounty();
        _village = _county + "001";
        await BackOfficeData.AddFundsAsync(_county, _village);
        _provider = await BackOfficeData.AddProviderAsync(_county);
    }

    private HttpClient Bureau() => Host.CreateClient(Roles.Bureau, _county);

    private PurchaseSpec Meal(Guid elder, Guid card, DateTimeOffset at) =>
        new(_provider, _county, elder, card, _county, _village, at, 1000, 200, 0, 300);

    private static object Absence(
        Guid elder,
        string kind,
        DateTimeOffset from,
        DateTimeOffset to,
        string reason = "admitted to the county hospital"
    ) =>
        new
        {
            elderId = elder,
            kind,
            from,
            to,
            reason,
        };

    private async Task<JsonNode> RecordAsync(object request)
    {
        var response = await Bureau().PostAsJsonAsync("/api/absences", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        return JsonNode.Parse(body)!;
    }

    private async Task<List<(Guid? Purchase, string Evidence)>> DuringAbsenceAsync()
    {
        await using var connection = await OpenAsync();
        return (
            await connection.QueryAsync<(Guid?, string)>(
                "SELECT purchase_id, evidence::text FROM anomalies WHERE county = @county AND rule = 'during_absence'",
                new { county = _county }
            )
        ).AsList();
    }

    [Test]
    public async Task Flags_a_meal_given_in_hospital_that_was_booked_before_the_stay_was_recorded()
    {
        var (elder, card, neighbour) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var admitted = Local(2026, 4, 20, 8);
        var discharged = Local(2026, 4, 23, 10);
        var inHospital = await BackOfficeData.BookAsync(Meal(elder, card, Local(2026, 4, 21, 12)));
        var afterDischarge = await BackOfficeData.BookAsync(Meal(elder, card, Local(2026, 4, 23, 18)));
        var beforeAdmission = await BackOfficeData.BookAsync(Meal(elder, card, Local(2026, 4, 19, 18)));
        var neighbourMeal = await BackOfficeData.BookAsync(Meal(neighbour, Guid.NewGuid(), Local(2026, 4, 21, 12)));

        var recorded = await RecordAsync(Absence(elder, "hospital", admitted, discharged));
        var absenceId = (string)recorded["absence"]!["absenceId"]!;

        var found = await DuringAbsenceAsync();
        Assert.That(
            found.Select(f => f.Purchase),
            Is.EquivalentTo(new Guid?[] { inHospital }),
            $"only the meal inside the stay (not {afterDischarge}, {beforeAdmission} or the neighbour's "
                + $"{neighbourMeal})"
        );
        Assert.That(
            recorded["raisedAnomalyIds"]!.AsArray(),
            Has.Count.EqualTo(1),
            "the answer names the anomaly it raised"
        );
        Assert.That(found[0].Evidence, Does.Contain(absenceId).And.Contain("\"kind\": \"hospital\""));
        Assert.That(
            JsonNode.Parse(found[0].Evidence)!["purchaseIds"]!.AsArray().Select(p => (Guid)p!),
            Is.EqualTo(new[] { inHospital })
        );

        // The periodic scan over those days sees the same purchase and raises nothing new.
        await Host
            .Services.GetRequiredService<AnomalyScanner>()
            .ScanAsync(Local(2026, 4, 19, 0), Local(2026, 4, 24, 0), CancellationToken.None);
        Assert.That(await DuringAbsenceAsync(), Has.Count.EqualTo(1), "deduplicated");

        var auditor = Host.CreateClient(Roles.Auditor, _county);
        var listed = JsonNode.Parse(
            await auditor.GetStringAsync($"/api/anomalies?county={_county}&rule=during_absence&status=open")
        )!;
        Assert.That((long)listed["total"]!, Is.EqualTo(1));
        Assert.That(
            (int)listed["items"]![0]!["creditPoints"]!,
            Is.EqualTo(AnomalyRules.CreditPoints[AnomalyRules.DuringAbsence])
        );
        var anomalyId = (string)listed["items"]![0]!["anomalyId"]!;
        var resolved = await Host.CreateClient(Roles.Bureau, _county)
            .PostAsJsonAsync(
                $"/api/anomalies/{anomalyId}/resolve",
                new { status = "confirmed", note = "the canteen booked meals for a patient" }
            );
        Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Eventually.AssertAsync(
            async () =>
                await ScalarAsync(
                    "SELECT count(*) FROM audit_entries WHERE aggregate_id = @absenceId AND event_type = "
                        + "'ElderAbsenceRecorded' AND actor_kind = 'user'",
                    new { absenceId }
                ) == 1,
            TimeSpan.FromSeconds(30),
            () => "the absence did not land in the audit trail"
        );
        Assert.That(
            await ScalarAsync(
                "SELECT count(*) FROM outbox WHERE aggregate_id = @id AND message_type LIKE '%AnomalyRaised%'",
                new { id = anomalyId }
            ),
            Is.EqualTo(1),
            "AnomalyRaised in the outbox, once"
        );
    }

    [Test]
    public async Task Flags_a_purchase_booked_while_the_elder_is_recorded_away_but_not_one_within_the_grace()
    {
        var (elder, card) = (Guid.NewGuid(), Guid.NewGuid());
        // makes the elder known to settlement
        await BackOfficeData.BookAsync(Meal(elder, card, Local(2026, 4, 24, 12)));
        var left = Local(2026, 4, 25, 9);
        var back = Local(2026, 4, 27, 20);
        var recorded = await RecordAsync(Absence(elder, "away", left, back, "visiting family in another province"));
        var absenceId = (string)recorded["absence"]!["absenceId"]!;
        Assert.That(recorded["raisedAnomalyIds"]!.AsArray(), Is.Empty, "nothing booked in the absence yet");

        var whileAway = await BackOfficeData.BookAsync(Meal(elder, card, Local(2026, 4, 26, 12)));
        // inside the 60-minute grace
        var justBack = await BackOfficeData.BookAsync(Meal(elder, card, back.AddMinutes(-30)));
        await Host
            .Services.GetRequiredService<AnomalyScanner>()
            .ScanAsync(Local(2026, 4, 25, 0), Local(2026, 4, 28, 0), CancellationToken.None);

        var found = (await DuringAbsenceAsync())
            .Where(f => f.Evidence.Contains(absenceId, StringComparison.Ordinal))
            .ToList();
        Assert.That(found, Has.Count.EqualTo(1), "one finding for the absence at this provider");
        var flagged = JsonNode.Parse(found[0].Evidence)!["purchaseIds"]!.AsArray().Select(p => (Guid)p!).ToList();
        Assert.That(
            flagged,
            Is.EqualTo(new[] { whileAway }),
            $"not {justBack}: half an hour before the recorded return is within the grace"
        );
    }

    [Test]
    public async Task Answers_bad_input_overlaps_and_other_counties_with_problems_and_changes_nothing()
    {
        var elder = Guid.NewGuid();
        await BackOfficeData.BookAsync(Meal(elder, Guid.NewGuid(), Local(2026, 4, 10, 12)));
        var from = Local(2026, 4, 11, 8);
        var to = Local(2026, 4, 12, 8);
        var before = await ScalarAsync("SELECT count(*) FROM elder_absences WHERE elder_id = @elder", new { elder });

        async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient client, object request)
        {
            var response = await client.PostAsJsonAsync("/api/absences", request);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        var badKind = await PostAsync(Bureau(), Absence(elder, "holiday", from, to));
        Assert.That(badKind.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(badKind.Body.ToJsonString(), Does.Contain("\"kind\"").And.Contain("invalid_kind"));
        var backwards = await PostAsync(Bureau(), Absence(elder, "away", to, from));
        Assert.That(backwards.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(backwards.Body.ToJsonString(), Does.Contain("not_after_from"));
        var noReason = await PostAsync(Bureau(), Absence(elder, "away", from, to, reason: " "));
        Assert.That(noReason.Body.ToJsonString(), Does.Contain("\"reason\""));
        Assert.That(
            (await PostAsync(Bureau(), Absence(Guid.NewGuid(), "away", from, to))).Status,
            Is.EqualTo(HttpStatusCode.NotFound),
            "an elder settlement does not know"
        );
        Assert.That(
            (await PostAsync(Host.CreateClient(Roles.Bureau, NewCounty()), Absence(elder, "away", from, to))).Status,
            Is.EqualTo(HttpStatusCode.NotFound),
            "another county's bureau cannot see the elder"
        );
        Assert.That(
            (
                await PostAsync(
                    Host.CreateClient(Roles.Provider, _county, provider: _provider),
                    Absence(elder, "away", from, to)
                )
            ).Status,
            Is.EqualTo(HttpStatusCode.Forbidden),
            "a provider does not record absences"
        );
        Assert.That(
            await ScalarAsync("SELECT count(*) FROM elder_absences WHERE elder_id = @elder", new { elder }),
            Is.EqualTo(before),
            "nothing was recorded"
        );

        await RecordAsync(Absence(elder, "hospital", from, to));
        var overlap = await PostAsync(Bureau(), Absence(elder, "away", from.AddHours(12), to.AddDays(1)));
        Assert.That(overlap.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((string)overlap.Body["code"]!, Is.EqualTo("absence_overlaps"));
        await RecordAsync(Absence(elder, "away", to, to.AddDays(2))); // back to back is no overlap

        var auditor = Host.CreateClient(Roles.Auditor, _county);
        var page = JsonNode.Parse(
            await auditor.GetStringAsync($"/api/absences?county={_county}&elderId={elder}&pageSize=1")
        )!;
        Assert.That((long)page["total"]!, Is.EqualTo(2));
        Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(1), "paged");
        Assert.That((string)page["items"]![0]!["kind"]!, Is.EqualTo("away"), "latest first");
        var hospital = JsonNode.Parse(
            await auditor.GetStringAsync($"/api/absences?county={_county}&elderId={elder}&kind=hospital")
        )!;
        Assert.That((long)hospital["total"]!, Is.EqualTo(1));
        var id = (string)hospital["items"]![0]!["absenceId"]!;
        Assert.That((await auditor.GetAsync($"/api/absences/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(
            (await Host.CreateClient(Roles.Auditor, NewCounty()).GetAsync($"/api/absences/{id}")).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound)
        );
        Assert.That(
            (
                await Host.CreateClient(Roles.Auditor, NewCounty()).GetAsync($"/api/absences?county={_county}")
            ).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
        Assert.That(
            (await auditor.GetAsync($"/api/absences?county={_county}&pageSize=0")).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest)
        );
    }
}
