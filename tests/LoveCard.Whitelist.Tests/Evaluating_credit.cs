using System.Net;
using System.Net.Http.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>Credit evaluation and automatic suspension (信用评价和退出, DOMAIN.md §4).</summary>
public sealed class Evaluating_credit
{
    private static AnomalyRaised Anomaly(Guid anomalyId, Guid providerId, string county, int points) =>
        new()
        {
            AggregateId = anomalyId.ToString(),
            AggregateVersion = 1,
            Actor = Actor.System("anomaly-rules"),
            Reason = "meals_per_day",
            OccurredAt = DateTimeOffset.UtcNow,
            AnomalyId = anomalyId,
            Rule = "meals_per_day",
            County = county,
            ProviderId = providerId,
            CreditPoints = points,
            Evidence = "{}",
        };

    private static async Task PublishAsync(object message, Guid messageId)
    {
        var bus = (await HostAsync()).Services.GetRequiredService<IBus>();
        await bus.Publish(message, message.GetType(), ctx => ctx.MessageId = messageId);
    }

    private static Task<long> SuspensionsAsync(Guid id) =>
        ScalarAsync<long>(
            "SELECT count(*) FROM outbox WHERE aggregate_id = @id AND message_type = "
                + "'LoveCard.Contracts.Whitelist.ProviderSuspended'",
            new { id = id.ToString() }
        );

    private static Task<int> ScoreAsync(Guid id) =>
        ScalarAsync<int>("SELECT credit_score FROM providers WHERE id = @id", new { id });

    [Test]
    public async Task Suspends_below_the_threshold_and_publishes_it_once()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);

        async Task<System.Text.Json.Nodes.JsonNode> Book(string type, int points) =>
            await ReadAsync(
                await bureau.PostAsJsonAsync(
                    $"/api/providers/{id}/credit-events",
                    new
                    {
                        type,
                        points,
                        note = "by hand",
                    },
                    Json
                ),
                HttpStatusCode.Created
            );

        var first = await Book("complaint", 30);
        Assert.That(
            (first["creditScore"]!.GetValue<int>(), first["status"]!.GetValue<string>()),
            Is.EqualTo((70, "whitelisted"))
        );
        var second = await Book("failed_inspection", 11);
        Assert.That(
            (
                second["creditScore"]!.GetValue<int>(),
                second["status"]!.GetValue<string>(),
                second["suspendedByThisEvent"]!.GetValue<bool>()
            ),
            Is.EqualTo((59, "suspended", true))
        );
        var third = await Book("complaint", 5);
        Assert.That(
            (third["creditScore"]!.GetValue<int>(), third["suspendedByThisEvent"]!.GetValue<bool>()),
            Is.EqualTo((54, false))
        );

        Assert.That(await SuspensionsAsync(id), Is.EqualTo(1));
        var suspended = (await OutboxAsync(id.ToString(), "ProviderSuspended")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(suspended["reason"]!.GetValue<string>(), Is.EqualTo("credit_below_threshold"));
            Assert.That(suspended["creditScore"]!.GetValue<int>(), Is.EqualTo(59));
        });

        var credit = await ReadAsync(await bureau.GetAsync($"/api/providers/{id}/credit"), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(credit["creditScore"]!.GetValue<int>(), Is.EqualTo(54));
            Assert.That(credit["creditBand"]!.GetValue<string>(), Is.EqualTo("D"));
            Assert.That(credit["events"]!["total"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(
                credit["events"]!["items"]!.AsArray().Select(e => e!["points"]!.GetValue<int>()),
                Is.EqualTo(new[] { -5, -11, -30 })
            );
        });

        // Exit stays the bureau's decision: a commendation does not lift the suspension either.
        var commended = await Book("commendation", 20);
        Assert.That(commended["status"]!.GetValue<string>(), Is.EqualTo("suspended"));
    }

    [Test]
    public async Task Books_the_same_anomaly_once_when_it_arrives_twice()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        var anomalyId = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        // The same message delivered twice (same MessageId), then the same anomaly in another message.
        await PublishAsync(Anomaly(anomalyId, id, county, 45), messageId);
        await PublishAsync(Anomaly(anomalyId, id, county, 45), messageId);
        var otherMessageId = Guid.NewGuid();
        await PublishAsync(Anomaly(anomalyId, id, county, 45), otherMessageId);

        await Eventually.AssertAsync(async () => await ScoreAsync(id) == 55);
        // Both distinct messages were handled (the second one found the anomaly booked).
        await Eventually.AssertAsync(async () =>
            await ScalarAsync<long>(
                "SELECT count(*) FROM inbox WHERE consumer = 'AnomalyRaisedConsumer' AND message_id = ANY(@ids)",
                new { ids = new[] { messageId, otherMessageId } }
            ) == 2
        );
        await Task.Delay(TimeSpan.FromSeconds(1)); // let a late duplicate land, if it were going to
        Assert.Multiple(async () =>
        {
            Assert.That(await ScoreAsync(id), Is.EqualTo(55));
            Assert.That(
                await ScalarAsync<long>(
                    "SELECT count(*) FROM credit_events WHERE anomaly_id = @anomalyId",
                    new { anomalyId }
                ),
                Is.EqualTo(1)
            );
            Assert.That(
                await ScalarAsync<string>("SELECT status FROM providers WHERE id = @id", new { id }),
                Is.EqualTo("suspended")
            );
            Assert.That(await SuspensionsAsync(id), Is.EqualTo(1));
            Assert.That(await TestInfrastructure.QueueDepthAsync("whitelist-anomaly-raised_error"), Is.Zero);
        });
    }

    [Test]
    public async Task Suspends_once_when_two_anomalies_race_past_the_threshold()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        await Task.WhenAll(
            Enumerable.Range(0, 4).Select(_ => PublishAsync(Anomaly(Guid.NewGuid(), id, county, 25), Guid.NewGuid()))
        );

        await Eventually.AssertAsync(async () => await ScoreAsync(id) == 0);
        Assert.Multiple(async () =>
        {
            Assert.That(
                await ScalarAsync<long>("SELECT count(*) FROM credit_events WHERE provider_id = @id", new { id }),
                Is.EqualTo(4)
            );
            Assert.That(await SuspensionsAsync(id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Uses_the_county_threshold_from_eligibility()
    {
        var county = NewCounty();
        await PublishAsync(
            new CountySettingsChanged
            {
                AggregateId = $"county-settings:{county}",
                AggregateVersion = 1,
                Actor = Actor.System("test"),
                Reason = "stricter county",
                OccurredAt = DateTimeOffset.UtcNow,
                County = county,
                AdvancedAge = 80,
                MinDisabilityLevel = 1,
                AssessmentValidMonths = 12,
                AllowNonLocalResidents = true,
                OneCardNetwork = true,
                SuspendBelow = 80,
                LowFundAlertDays = 7,
                MountainOrIsland = false,
            },
            Guid.NewGuid()
        );
        await Eventually.AssertAsync(async () =>
            await ScalarAsync<int?>("SELECT suspend_below FROM county_settings WHERE county = @county", new { county })
            == 80
        );

        var id = await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);
        var booked = await ReadAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/credit-events",
                new
                {
                    type = "complaint",
                    points = 21,
                    note = "late meals",
                },
                Json
            ),
            HttpStatusCode.Created
        );
        Assert.That(
            (booked["creditScore"]!.GetValue<int>(), booked["status"]!.GetValue<string>()),
            Is.EqualTo((79, "suspended"))
        );
    }

    [Test]
    public async Task Refuses_a_credit_event_of_an_unknown_type()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);
        await ProblemAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/credit-events",
                new
                {
                    type = "rumour",
                    points = 10,
                    note = "x",
                },
                Json
            ),
            HttpStatusCode.BadRequest,
            "invalid_credit_event_type",
            "type"
        );
        Assert.That(await ScoreAsync(id), Is.EqualTo(100));
    }
}
