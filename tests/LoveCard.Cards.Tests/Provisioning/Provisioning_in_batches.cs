using Dapper;
using LoveCard.Cards.Cards;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Provisioning;

/// <summary>ADR 0046: classifications are applied in batches, one transaction and a few statements per batch.</summary>
public sealed class Provisioning_in_batches
{
    private const int Elders = 300;

    private sealed record Provisioned(Guid ElderId, Guid CardId, string CardNumber, long Version);

    private static async Task<IReadOnlyList<Provisioned>> CardsAsync(string county)
    {
        await using var connection = await Database.OpenAsync(Host.Schema);
        return (
            await connection.QueryAsync<Provisioned>(
                """
                SELECT elder_id AS ElderId, card_id AS CardId, card_number AS CardNumber, version AS Version
                FROM cards WHERE home_county = @county
                ORDER BY elder_id
                """,
                new { county }
            )
        ).AsList();
    }

    private static Task<long> ProvisionedEventsAsync(IEnumerable<Provisioned> cards) =>
        Database.ScalarAsync<long>(
            Host.Schema,
            """
            SELECT count(*) FROM outbox
            WHERE message_type LIKE '%.CardProvisioned' AND aggregate_id = ANY(@ids)
            """,
            new { ids = cards.Select(c => c.CardId.ToString()).ToArray() }
        );

    private static async Task<IReadOnlyList<Provisioned>> WaitForCardsAsync(string county, int count) =>
        await Eventually.ValueAsync(
            () => CardsAsync(county),
            cards => cards.Count >= count,
            what: $"{count} cards in county {county}"
        );

    [Test]
    public async Task A_batch_of_elders_yields_one_card_and_one_event_per_elder()
    {
        var county = NewCounty();
        var elders = Enumerable.Range(0, Elders).Select(_ => Guid.NewGuid()).ToArray();
        await Task.WhenAll(elders.Select(e => PublishAsync(Classified(e, county, 1 + (e.GetHashCode() & 1)))));

        var cards = await WaitForCardsAsync(county, Elders);
        Assert.Multiple(async () =>
        {
            Assert.That(cards.Select(c => c.ElderId), Is.EquivalentTo(elders));
            Assert.That(cards.Select(c => c.CardNumber).Distinct().Count(), Is.EqualTo(Elders));
            Assert.That(cards.All(c => CardNumbers.IsValidGenerated(c.CardNumber)), Is.True);
            Assert.That(cards.All(c => c.Version == 1), Is.True);
            Assert.That(await ProvisionedEventsAsync(cards), Is.EqualTo(Elders));
            Assert.That(
                await Database.ScalarAsync<long>(
                    Host.Schema,
                    "SELECT count(*) FROM card_history WHERE card_id = ANY(@ids) AND change = 'provisioned'",
                    new { ids = cards.Select(c => c.CardId).ToArray() }
                ),
                Is.EqualTo(Elders)
            );
        });
    }

    [Test]
    public async Task A_redelivered_batch_creates_each_card_once()
    {
        var county = NewCounty();
        var messages = Enumerable
            .Range(0, Elders)
            .Select(_ => (MessageId: Guid.NewGuid(), Message: Classified(Guid.NewGuid(), county, 1)))
            .ToArray();
        await Task.WhenAll(messages.Select(m => PublishAsync(m.Message, m.MessageId)));
        var first = await WaitForCardsAsync(county, Elders);

        // The same messages again, as a broker delivers a batch whose acknowledgement was lost.
        await Task.WhenAll(messages.Select(m => PublishAsync(m.Message, m.MessageId)));
        await Eventually.AssertAsync(async () =>
            await TestInfrastructure.QueueDepthAsync("cards-elder-classified") == 0
        );
        await Task.Delay(TimeSpan.FromSeconds(1));

        var again = await CardsAsync(county);
        Assert.Multiple(async () =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(await ProvisionedEventsAsync(again), Is.EqualTo(Elders));
            Assert.That(
                await Database.ScalarAsync<long>(
                    Host.Schema,
                    "SELECT count(*) FROM card_numbers WHERE card_id = ANY(@ids)",
                    new { ids = again.Select(c => c.CardId).ToArray() }
                ),
                Is.EqualTo(Elders)
            );
        });
    }

    [Test]
    public async Task Draws_the_same_number_for_an_elder_when_provisioning_is_tried_again()
    {
        var county = NewCounty();
        var elderId = Guid.NewGuid();
        await PublishAsync(Classified(elderId, county, 1));
        var first = (await WaitForCardsAsync(county, 1)).Single();

        // Nothing of the first try is left, as after a batch that rolled back: the next try draws the same number.
        await using (var connection = await Database.OpenAsync(Host.Schema))
        {
            await connection.ExecuteAsync(
                """
                DELETE FROM card_history WHERE card_id = @CardId;
                DELETE FROM card_numbers WHERE card_id = @CardId;
                DELETE FROM cards WHERE card_id = @CardId;
                DELETE FROM aggregate_versions WHERE stream = 'elder' AND aggregate_id = @elder;
                """,
                new { first.CardId, elder = elderId.ToString() }
            );
        }

        await PublishAsync(Classified(elderId, county, 1));
        var second = (await WaitForCardsAsync(county, 1)).Single();
        Assert.That(second.CardNumber, Is.EqualTo(first.CardNumber));
    }

    [Test]
    public async Task Applies_a_batch_of_changes_to_one_elder_in_delivery_order()
    {
        var county = NewCounty();
        var (cardId, elderId) = await ProvisionAsync(county);

        // Not eligible (v2), then eligible in category 3 (v3), then a late v2 again: in one batch or in several, the
        // card is suspended, then resumed in category 3, and the late one changes nothing.
        await PublishAsync(Classified(elderId, county, null, version: 2));
        await PublishAsync(Classified(elderId, county, 3, version: 3));
        await PublishAsync(Classified(elderId, county, null, version: 2));
        var card = await Eventually.ValueAsync(
            () => CardAsync(cardId, county),
            c => (int?)c["category"] == 3,
            what: "the card in category 3"
        );
        await Eventually.AssertAsync(async () =>
            await TestInfrastructure.QueueDepthAsync("cards-elder-classified") == 0
        );
        await Task.Delay(TimeSpan.FromSeconds(1));

        var events = await OutboxAsync(cardId.ToString());
        Assert.Multiple(() =>
        {
            Assert.That((string?)card["status"], Is.EqualTo("pending_consent"));
            Assert.That(
                events.Select(e => e.MessageType),
                Is.EqualTo(new[] { "CardProvisioned", "CardSuspended", "CardResumed" })
            );
            Assert.That((long?)events[^1].Body["aggregateVersion"], Is.EqualTo(events.Count));
        });
    }
}
