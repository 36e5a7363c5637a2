using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Lifecycle;

/// <summary>A recorded death revokes the elder's card at once, reason <c>death</c> (DOMAIN.md §8 "Death").</summary>
public sealed class Revoking_on_death
{
    [Test]
    public async Task An_ElderDied_revokes_the_card_once()
    {
        var county = NewCounty();
        var (cardId, elderId) = await ProvisionActiveAsync(county);
        var died = new ElderDied
        {
            AggregateId = $"elder-death:{elderId}",
            AggregateVersion = 1,
            Actor = new Actor(ActorKinds.User, "bureau-clerk"),
            Reason = "死亡证明",
            OccurredAt = DateTimeOffset.UtcNow,
            ElderId = elderId,
            HomeCounty = county,
            VillageCode = county + "001001",
            DateOfDeath = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-7)),
        };
        var bus = Host.Services.GetRequiredService<IBus>();
        await bus.Publish(died);
        await bus.Publish(died); // a second message about the same death

        await Testing.Eventually.AssertAsync(async () =>
            (string?)(await CardAsync(cardId, county))["status"] == "revoked"
        );
        await Task.Delay(500);
        var card = await CardAsync(cardId, county);
        var revoked = (await OutboxAsync(cardId.ToString())).Where(e => e.MessageType == "CardRevoked").ToList();
        Assert.Multiple(() =>
        {
            Assert.That((string?)card["statusReason"], Is.EqualTo("death"));
            Assert.That(revoked, Has.Count.EqualTo(1));
        });
    }
}
