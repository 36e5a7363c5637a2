using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Provisioning;

/// <summary>
/// ADR 0051: a roster import's classifications arrive many to a message (<see cref="EldersImported"/>) and are
/// provisioned as one batch; the pack's MessageId is the inbox key and the "elder" version stream is the one single
/// classifications use, so exactly-once and late arrivals hold as they do one by one.
/// </summary>
public sealed class Provisioning_from_import_packs
{
    private const int Elders = 300;
    private const string PackQueue = "cards-elder-classified-pack";

    private static EldersImported Pack(IReadOnlyList<ElderClassified> classified) =>
        new()
        {
            PackId = "elder-import:" + Guid.NewGuid(),
            OccurredAt = DateTimeOffset.UtcNow,
            Classified = classified,
        };

    private static Task PublishPackAsync(EldersImported pack, Guid messageId) =>
        Host.Services.GetRequiredService<IBus>().Publish(pack, ctx => ctx.MessageId = messageId);

    private static Task<long> CountAsync(string sql, object parameters) =>
        Database.ScalarAsync<long>(Host.Schema, sql, parameters);

    private static Task<long> CardsInAsync(string county) =>
        CountAsync("SELECT count(*) FROM cards WHERE home_county = @county", new { county });

    private static Task<long> ProvisionedEventsAsync(string county) =>
        CountAsync(
            """
            SELECT count(*) FROM outbox o JOIN cards c ON o.aggregate_id = c.card_id::text
            WHERE o.message_type LIKE '%.CardProvisioned' AND c.home_county = @county
            """,
            new { county }
        );

    private static async Task DrainedAsync()
    {
        await Eventually.AssertAsync(async () => await TestInfrastructure.QueueDepthAsync(PackQueue) == 0);
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    [Test]
    public async Task A_pack_yields_one_card_per_eligible_elder_and_a_redelivered_pack_none()
    {
        var county = NewCounty();
        var classified = Enumerable
            .Range(0, Elders)
            .Select(i => Classified(Guid.NewGuid(), county, i % 10 == 0 ? null : 1 + i % 3, version: 2))
            .ToArray();
        var eligible = classified.Count(c => c.Category is not null);
        var pack = Pack(classified);
        var messageId = Guid.NewGuid();
        await PublishPackAsync(pack, messageId);
        await Eventually.AssertAsync(async () => await CardsInAsync(county) == eligible);

        // The same pack again, as a broker delivers a message whose acknowledgement was lost.
        await PublishPackAsync(pack, messageId);
        await DrainedAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await CardsInAsync(county), Is.EqualTo(eligible));
            Assert.That(await ProvisionedEventsAsync(county), Is.EqualTo(eligible));
            Assert.That(
                await CountAsync(
                    """
                    SELECT count(*) FROM card_history h JOIN cards c USING (card_id)
                    WHERE c.home_county = @county AND h.change = 'provisioned'
                    """,
                    new { county }
                ),
                Is.EqualTo(eligible)
            );
        });
    }

    [Test]
    public async Task A_pack_older_than_a_single_classification_changes_nothing_and_both_share_the_version_stream()
    {
        var county = NewCounty();
        var elderId = Guid.NewGuid();
        // The elder's classification v3 (not eligible) arrived alone before the import's v2 (eligible).
        await PublishAsync(Classified(elderId, county, null, version: 3));
        await Eventually.AssertAsync(async () =>
            await CountAsync(
                "SELECT count(*) FROM aggregate_versions WHERE stream = 'elder' AND aggregate_id = @id AND version = 3",
                new { id = elderId.ToString() }
            ) == 1
        );
        var other = Guid.NewGuid();
        await PublishPackAsync(
            Pack([Classified(elderId, county, 1, version: 2), Classified(other, county, 2, version: 2)]),
            Guid.NewGuid()
        );
        await WaitForCardAsync(other);
        await DrainedAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(
                await CountAsync("SELECT count(*) FROM cards WHERE elder_id = @elderId", new { elderId }),
                Is.Zero,
                "the late v2 in the pack is stale"
            );
            Assert.That(await CardsInAsync(county), Is.EqualTo(1));
        });

        // A later single classification of an elder the pack provisioned applies on top of the pack's version.
        await PublishAsync(Classified(other, county, null, version: 3));
        await Eventually.AssertAsync(async () =>
            await CountAsync(
                "SELECT count(*) FROM cards WHERE elder_id = @other AND status = 'suspended'",
                new { other }
            ) == 1
        );
    }
}
