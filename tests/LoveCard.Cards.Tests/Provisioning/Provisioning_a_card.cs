using LoveCard.Cards.Cards;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Provisioning;

/// <summary>DOMAIN.md §1: cards are provisioned from the classification, without application.</summary>
public sealed class Provisioning_a_card
{
    private static Task<long> CardCountAsync(Guid elderId) =>
        Database.ScalarAsync<long>(
            Host.Schema,
            "SELECT count(*) FROM cards WHERE elder_id = @elderId",
            new { elderId }
        );

    private static Task<long> InboxCountAsync(params Guid[] messageIds) =>
        Database.ScalarAsync<long>(
            Host.Schema,
            "SELECT count(*) FROM inbox WHERE message_id = ANY(@messageIds)",
            new { messageIds }
        );

    [Test]
    public async Task Gives_one_card_pending_consent_with_the_roster_card_number_when_the_same_message_arrives_twice()
    {
        var elderId = Guid.NewGuid();
        var county = NewCounty();
        var number =
            "A"
            + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = Classified(elderId, county, 1, socialSecurityCardNumber: number);
        var messageId = Guid.NewGuid();

        await PublishAsync(message, messageId);
        await PublishAsync(message, messageId);
        var cardId = await WaitForCardAsync(elderId);
        // Let the second delivery be handled too (the inbox recognises it as a duplicate).
        await Eventually.AssertAsync(async () =>
            await TestInfrastructure.QueueDepthAsync("cards-elder-classified") == 0
        );
        await Task.Delay(TimeSpan.FromSeconds(1));

        var card = await CardAsync(cardId, county);
        Assert.Multiple(async () =>
        {
            Assert.That(await CardCountAsync(elderId), Is.EqualTo(1));
            Assert.That((string?)card["status"], Is.EqualTo("pending_consent"));
            Assert.That((string?)card["cardNumber"], Is.EqualTo(number));
            Assert.That((int?)card["category"], Is.EqualTo(1));
            Assert.That((long?)card["version"], Is.EqualTo(1));
            var events = await OutboxAsync(cardId.ToString());
            Assert.That(events.Select(e => e.MessageType), Is.EqualTo(new[] { "CardProvisioned" }));
            Assert.That((string?)events[0].Body["cardNumber"], Is.EqualTo(number));
            Assert.That((string?)events[0].Body["homeCounty"], Is.EqualTo(county));
        });
    }

    [Test]
    public async Task Gives_exactly_one_card_when_classifications_of_one_elder_race()
    {
        var elderId = Guid.NewGuid();
        var county = NewCounty();
        var ids = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        // Different messages, some of the same version and some newer, all at once.
        await Task.WhenAll(
            ids.Select((id, i) => PublishAsync(Classified(elderId, county, 2, version: 1 + (i % 3)), id))
        );

        var cardId = await WaitForCardAsync(elderId);
        await Eventually.AssertAsync(
            async () => await InboxCountAsync(ids) == ids.Length,
            because: () => "not every message was handled"
        );

        Assert.Multiple(async () =>
        {
            Assert.That(await CardCountAsync(elderId), Is.EqualTo(1));
            var events = await OutboxAsync(cardId.ToString());
            Assert.That(events.Count(e => e.MessageType == "CardProvisioned"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Generates_a_checkable_number_when_the_roster_has_none()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionAsync(county);
        var number = (string)(await CardAsync(cardId, county))["cardNumber"]!;
        Assert.That(CardNumbers.IsValidGenerated(number), Is.True, number);
    }

    [Test]
    public async Task Does_not_provision_a_card_for_an_elder_who_is_not_eligible()
    {
        var elderId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        await PublishAsync(Classified(elderId, NewCounty(), null), messageId);
        await Eventually.AssertAsync(async () => await InboxCountAsync(messageId) == 1);
        Assert.That(await CardCountAsync(elderId), Is.Zero);
    }

    [Test]
    public async Task Follows_the_elder_to_a_new_home_county_without_changing_the_status()
    {
        var county = NewCounty();
        var newCounty = NewCounty();
        var (cardId, elderId) = await ProvisionAsync(county);

        await PublishAsync(Classified(elderId, newCounty, 2, version: 2, village: "330000555"));
        var moved = await Eventually.ValueAsync(
            () => CardAsync(cardId, newCounty),
            c => (string?)c["homeCounty"] == newCounty,
            what: "the card"
        );
        var published = (await OutboxAsync(cardId.ToString())).Last();
        Assert.Multiple(async () =>
        {
            Assert.That((string?)moved["status"], Is.EqualTo("pending_consent"));
            Assert.That((int?)moved["category"], Is.EqualTo(2));
            Assert.That(published.MessageType, Is.EqualTo("CardHolderChanged"));
            Assert.That((string?)published.Body["homeCounty"], Is.EqualTo(newCounty));
            Assert.That((string?)published.Body["villageCode"], Is.EqualTo("330000555"));
            using var oldBureau = Bureau(county);
            Assert.That(
                (await oldBureau.GetAsync($"/api/cards/{cardId}")).StatusCode,
                Is.EqualTo(System.Net.HttpStatusCode.NotFound)
            );
        });
    }

    [Test]
    public async Task Suspends_a_live_card_when_the_elder_is_no_longer_eligible_and_brings_it_back_when_eligible_again()
    {
        var county = NewCounty();
        var (cardId, elderId) = await ProvisionActiveAsync(county);

        await PublishAsync(Classified(elderId, county, null, version: 2));
        var suspended = await Eventually.ValueAsync(
            () => CardAsync(cardId, county),
            c => (string?)c["status"] == "suspended",
            what: "the card"
        );
        Assert.That((string?)suspended["statusReason"], Is.EqualTo("not_eligible"));

        // An older classification arriving late changes nothing.
        await PublishAsync(Classified(elderId, county, 1, version: 1));
        await PublishAsync(Classified(elderId, county, 3, version: 3));
        var back = await Eventually.ValueAsync(
            () => CardAsync(cardId, county),
            c => (string?)c["status"] == "active",
            what: "the card"
        );

        // The card events only: the consent's own record (CardConsentRecorded) travels beside its activation.
        var events = (await OutboxAsync(cardId.ToString()))
            .Where(e => e.MessageType != "CardConsentRecorded")
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That((int?)back["category"], Is.EqualTo(3));
            Assert.That(back["statusReason"], Is.Null);
            Assert.That(
                events.Select(e => e.MessageType),
                Is.EqualTo(new[] { "CardProvisioned", "CardActivated", "CardSuspended", "CardResumed" })
            );
            Assert.That(events.Select(e => (long?)e.Body["aggregateVersion"]), Is.EqualTo(new long?[] { 1, 2, 3, 4 }));
            Assert.That((string?)events[2].Body["statusReason"], Is.EqualTo("not_eligible"));
            Assert.That((string?)events[3].Body["status"], Is.EqualTo("active"));
        });
    }
}
