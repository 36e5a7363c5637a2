using System.Net;
using System.Net.Http.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>Certified care workers (持证养老护理员) per 10,000 elders against the target of 25 (DOMAIN.md §4).</summary>
public sealed class Counting_certified_care_workers
{
    private static ElderClassified Classified(Guid elderId, string county, bool eligible, long version) =>
        new()
        {
            AggregateId = elderId.ToString(),
            AggregateVersion = version,
            Actor = Actor.System("test"),
            Reason = "roster import",
            OccurredAt = DateTimeOffset.UtcNow,
            ElderId = elderId,
            HomeCounty = county,
            VillageCode = county + "001",
            MaskedName = "王*华",
            Category = eligible ? 2 : null,
            Eligible = eligible,
            IsLocal = true,
            Reasons = ["local"],
            RulesVersion = "1",
            EvaluatedOn = Today,
        };

    private static async Task<System.Text.Json.Nodes.JsonNode> RegisterAsync(
        HttpClient client,
        Guid provider,
        string certificate
    ) =>
        await ReadAsync(
            await client.PostAsJsonAsync(
                $"/api/providers/{provider}/care-workers",
                new
                {
                    name = "李小梅",
                    certificateNumber = certificate,
                    certificateLevel = "intermediate",
                    validUntil = Today.AddYears(2),
                },
                Json
            ),
            HttpStatusCode.Created
        );

    [Test]
    public async Task Matches_a_hand_count()
    {
        var county = NewCounty();
        var other = NewCounty();
        var bus = (await HostAsync()).Services.GetRequiredService<IBus>();

        // Hand count of eligible elders at home in the county: 8.
        var elders = Enumerable.Range(0, 8).Select(_ => Classified(Guid.NewGuid(), county, true, 1)).ToList();
        elders.Add(Classified(Guid.NewGuid(), county, false, 1)); // not eligible
        elders.Add(Classified(Guid.NewGuid(), other, true, 1)); // another county
        var movedAway = Guid.NewGuid();
        elders.Add(Classified(movedAway, county, true, 1));
        elders.Add(Classified(movedAway, other, true, 2)); // latest: lives in the other county now
        var lapsed = Guid.NewGuid();
        elders.Add(Classified(lapsed, county, false, 2));
        foreach (var elder in elders)
        {
            await bus.Publish(elder);
        }

        // Publishing the older version of "lapsed" after the newer one must not count it.
        await Eventually.AssertAsync(async () =>
            await ScalarAsync<bool?>("SELECT eligible FROM elders WHERE elder_id = @lapsed", new { lapsed }) == false
        );
        await bus.Publish(Classified(lapsed, county, true, 1));

        // Hand count of care workers: 2 at a whitelisted provider; 1 at an applicant and 1 at a suspended provider
        // don't count.
        var whitelisted = await WhitelistedProviderAsync(county);
        var applicant = await CreateProviderAsync(county);
        var suspended = await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);
        await RegisterAsync(bureau, whitelisted, $"CW-{Guid.NewGuid():N}");
        using var self = await ProviderClientAsync(whitelisted);
        var registered = await RegisterAsync(self, whitelisted, $"CW-{Guid.NewGuid():N}");
        await RegisterAsync(bureau, applicant, $"CW-{Guid.NewGuid():N}");
        await RegisterAsync(bureau, suspended, $"CW-{Guid.NewGuid():N}");
        await ReadAsync(
            await bureau.PostAsJsonAsync($"/api/providers/{suspended}/suspend", new { reason = "inspection" }, Json),
            HttpStatusCode.OK
        );
        Assert.That(registered["nameMasked"]!.GetValue<string>(), Is.EqualTo("李*梅"));
        Assert.That(registered.ToJsonString(), Does.Not.Contain("李小梅"));

        await Eventually.AssertAsync(async () =>
            await ScalarAsync<long>(
                "SELECT count(*) FROM elders WHERE home_county = @county AND eligible",
                new { county }
            ) == 8
            && await ScalarAsync<long>(
                "SELECT count(*) FROM elders WHERE elder_id = @movedAway AND home_county = @other",
                new { movedAway, other }
            ) == 1
        );
        await Task.Delay(500); // the stale "lapsed" message, if it were applied, would raise the count to 9
        var ratio = await ReadAsync(
            await bureau.GetAsync($"/api/counties/{county}/care-worker-ratio"),
            HttpStatusCode.OK
        );
        Assert.Multiple(() =>
        {
            Assert.That(ratio["certifiedCareWorkers"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(ratio["eligibleElders"]!.GetValue<long>(), Is.EqualTo(8));
            Assert.That(ratio["perTenThousandElders"]!.GetValue<decimal>(), Is.EqualTo(2500m)); // 2 × 10,000 / 8
            Assert.That(ratio["target"]!.GetValue<int>(), Is.EqualTo(25));
            Assert.That(ratio["meetsTarget"]!.GetValue<bool>(), Is.True);
        });

        var published = await OutboxAsync(registered["id"]!.GetValue<string>(), "CareWorkerRegistered");
        Assert.That(published.Single()["providerId"]!.GetValue<Guid>(), Is.EqualTo(whitelisted));
    }

    [Test]
    public async Task Refuses_an_expired_certificate_and_a_duplicate_number()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);
        await ProblemAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/care-workers",
                new
                {
                    name = "李小梅",
                    certificateNumber = "CW-EXPIRED-" + county,
                    certificateLevel = "senior",
                    validUntil = Today.AddDays(-1),
                },
                Json
            ),
            HttpStatusCode.UnprocessableEntity,
            "certificate_expired",
            "validUntil"
        );
        var number = $"CW-{Guid.NewGuid():N}";
        await RegisterAsync(bureau, id, number);
        await ProblemAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/care-workers",
                new
                {
                    name = "张三",
                    certificateNumber = number,
                    certificateLevel = "senior",
                    validUntil = Today.AddYears(1),
                },
                Json
            ),
            HttpStatusCode.Conflict,
            "certificate_taken"
        );
    }
}
