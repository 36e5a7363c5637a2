using System.Text.Json.Nodes;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>
/// Credit that comes back (DOMAIN.md §8 "Credit"): a dismissed anomaly's points are added back as an event of
/// their own, once, in whichever order the bus delivers the two events; a confirmed anomaly keeps them.
/// </summary>
public sealed class Giving_credit_back
{
    private static AnomalyRaised Raised(Guid anomalyId, Guid providerId, string county, int points) =>
        new()
        {
            AggregateId = anomalyId.ToString(),
            AggregateVersion = 1,
            Actor = Actor.Job("anomaly-scan"),
            Reason = "card_burst",
            OccurredAt = DateTimeOffset.UtcNow,
            AnomalyId = anomalyId,
            Rule = "card_burst",
            County = county,
            ProviderId = providerId,
            CreditPoints = points,
            Evidence = "{}",
        };

    private static AnomalyResolved Resolved(
        Guid anomalyId,
        Guid providerId,
        string county,
        int points,
        string status
    ) =>
        new()
        {
            AggregateId = anomalyId.ToString(),
            AggregateVersion = 2,
            Actor = new Actor(ActorKinds.User, "bureau-auditor"),
            Reason = "a lunch queue, not a burst",
            OccurredAt = DateTimeOffset.UtcNow,
            AnomalyId = anomalyId,
            Rule = "card_burst",
            County = county,
            ProviderId = providerId,
            Status = status,
            CreditPoints = points,
        };

    private static async Task PublishAsync(object message) =>
        await (await HostAsync()).Services.GetRequiredService<IBus>().Publish(message, message.GetType());

    private static Task<int> ScoreAsync(Guid id) =>
        ScalarAsync<int>("SELECT credit_score FROM providers WHERE id = @id", new { id });

    [Test]
    public async Task A_dismissed_anomaly_gives_its_points_back_and_the_history_shows_both()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        var (dismissed, confirmed) = (Guid.NewGuid(), Guid.NewGuid());
        await PublishAsync(Raised(dismissed, id, county, 5));
        await PublishAsync(Raised(confirmed, id, county, 3));
        await Testing.Eventually.AssertAsync(async () => await ScoreAsync(id) == 92);

        await PublishAsync(Resolved(dismissed, id, county, 5, "dismissed"));
        // a second message about the same dismissal
        await PublishAsync(Resolved(dismissed, id, county, 5, "dismissed"));
        await PublishAsync(Resolved(confirmed, id, county, 3, "confirmed"));
        await Testing.Eventually.AssertAsync(async () => await ScoreAsync(id) == 97);
        await Task.Delay(TimeSpan.FromSeconds(1)); // let a late duplicate land, if it were going to

        using var bureau = await BureauAsync(county);
        var history = JsonNode.Parse(await bureau.GetStringAsync($"/api/providers/{id}/credit"))!.ToJsonString();
        Assert.Multiple(async () =>
        {
            Assert.That(await ScoreAsync(id), Is.EqualTo(97), "the confirmed anomaly keeps its 3 points");
            Assert.That(
                await ScalarAsync<long>(
                    "SELECT count(*) FROM credit_events WHERE restores_anomaly_id = @dismissed",
                    new { dismissed }
                ),
                Is.EqualTo(1)
            );
            Assert.That(history, Does.Contain("anomaly_dismissed").And.Contain("settlement_anomaly"));
        });
    }

    [Test]
    public async Task A_dismissal_that_overtakes_its_deduction_still_nets_to_nothing()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        var anomaly = Guid.NewGuid();
        // room below 100, so the early restore is not clamped
        await PublishAsync(Raised(Guid.NewGuid(), id, county, 10));
        await Testing.Eventually.AssertAsync(async () => await ScoreAsync(id) == 90);
        await PublishAsync(Resolved(anomaly, id, county, 4, "dismissed"));
        await Testing.Eventually.AssertAsync(async () => await ScoreAsync(id) == 94);
        await PublishAsync(Raised(anomaly, id, county, 4));
        await Testing.Eventually.AssertAsync(async () => await ScoreAsync(id) == 90);
    }
}
