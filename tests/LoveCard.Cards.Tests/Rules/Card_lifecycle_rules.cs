using LoveCard.Cards.Cards;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Errors;

namespace LoveCard.Cards.Tests.Rules;

/// <summary>DOMAIN.md §1 动态管理: which transitions are allowed, and the code of each refusal.</summary>
public sealed class Card_lifecycle_rules
{
    private static Card NewCard(string status = CardStatuses.PendingConsent) =>
        new()
        {
            CardId = Guid.NewGuid(),
            ElderId = Guid.NewGuid(),
            CardNumber = "L12345674",
            Status = status,
            Eligible = true,
            HomeCounty = "330903",
            Modules = [CardModules.Elder],
            Version = 1,
        };

    private static string CodeOf(Action action) => Assert.Throws<ConflictException>(() => action())!.Code;

    [Test]
    public void Consent_activates_a_pending_card_but_not_an_active_or_suspended_one()
    {
        var card = NewCard();
        card.Activate();
        Assert.That(card.Status, Is.EqualTo(CardStatuses.Active));
        Assert.That(CodeOf(card.Activate), Is.EqualTo("card_already_active"));
        card.Suspend(SuspensionReasons.Lost);
        Assert.That(CodeOf(card.Activate), Is.EqualTo("card_suspended"));
    }

    [Test]
    public void A_suspension_returns_to_the_status_it_interrupted()
    {
        var pending = NewCard();
        pending.Suspend(SuspensionReasons.MovedAway);
        pending.Resume();
        var active = NewCard(CardStatuses.Active);
        active.Suspend(SuspensionReasons.Dispute);
        active.Resume();
        Assert.Multiple(() =>
        {
            Assert.That(pending.Status, Is.EqualTo(CardStatuses.PendingConsent));
            Assert.That(active.Status, Is.EqualTo(CardStatuses.Active));
            Assert.That(active.StatusReason, Is.Null);
        });
    }

    [Test]
    public void Withdrawn_consent_and_lost_eligibility_are_not_lifted_by_a_bureau_resume()
    {
        var withdrawn = NewCard(CardStatuses.Active);
        withdrawn.WithdrawConsent();
        var ineligible = NewCard(CardStatuses.Active);
        Assert.That(ineligible.MarkNotEligible(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(CodeOf(withdrawn.Resume), Is.EqualTo("consent_required"));
            Assert.That(CodeOf(ineligible.Resume), Is.EqualTo("not_eligible"));
            Assert.That(CodeOf(ineligible.Activate), Is.EqualTo("not_eligible"));
        });

        withdrawn.Activate();
        Assert.That(ineligible.MarkEligible(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(withdrawn.Status, Is.EqualTo(CardStatuses.Active));
            Assert.That(ineligible.Status, Is.EqualTo(CardStatuses.Active));
        });
    }

    [Test]
    public void Losing_eligibility_while_suspended_for_another_reason_keeps_that_reason()
    {
        var card = NewCard(CardStatuses.Active);
        card.Suspend(SuspensionReasons.Lost);
        Assert.That(card.MarkNotEligible(), Is.False);
        Assert.That(card.StatusReason, Is.EqualTo(SuspensionReasons.Lost));
        Assert.That(CodeOf(card.Resume), Is.EqualTo("not_eligible"));
        Assert.That(card.MarkEligible(), Is.False);
        card.Resume();
        Assert.That(card.Status, Is.EqualTo(CardStatuses.Active));
    }

    [Test]
    public void Replacing_a_lost_card_makes_it_usable_under_the_new_number()
    {
        var card = NewCard(CardStatuses.Active);
        card.Suspend(SuspensionReasons.Lost);
        var previous = card.Replace("L76543210");
        Assert.Multiple(() =>
        {
            Assert.That(previous, Is.EqualTo("L12345674"));
            Assert.That(card.CardNumber, Is.EqualTo("L76543210"));
            Assert.That(card.Status, Is.EqualTo(CardStatuses.Active));
        });
    }

    [Test]
    public void Revocation_is_final()
    {
        var card = NewCard(CardStatuses.Active);
        card.Revoke(SuspensionReasons.Death);
        Assert.Multiple(() =>
        {
            Assert.That(CodeOf(card.Activate), Is.EqualTo("card_revoked"));
            Assert.That(CodeOf(card.Resume), Is.EqualTo("card_revoked"));
            Assert.That(CodeOf(() => card.Suspend(SuspensionReasons.Lost)), Is.EqualTo("card_revoked"));
            Assert.That(CodeOf(() => card.Replace("L76543210")), Is.EqualTo("card_revoked"));
            Assert.That(CodeOf(() => card.Revoke(SuspensionReasons.LeftProgramme)), Is.EqualTo("card_revoked"));
            Assert.That(card.MarkEligible(), Is.False);
            Assert.That(card.Status, Is.EqualTo(CardStatuses.Revoked));
        });
    }

    [Test]
    public void An_event_carries_the_whole_card_state()
    {
        var card = NewCard(CardStatuses.Active);
        card.Version = 7;
        var evt = card.Describe(
            Blank.Replaced("A00000001"),
            new LoveCard.Contracts.Actor("user", "u1"),
            "replaced",
            DateTimeOffset.UnixEpoch
        );
        Assert.Multiple(() =>
        {
            Assert.That(evt, Is.TypeOf<CardReplaced>());
            Assert.That(evt.AggregateId, Is.EqualTo(card.CardId.ToString()));
            Assert.That(evt.AggregateVersion, Is.EqualTo(7));
            Assert.That(evt.CardNumber, Is.EqualTo("L12345674"));
            Assert.That(evt.PreviousCardNumber, Is.EqualTo("A00000001"));
            Assert.That(evt.Status, Is.EqualTo(CardStatuses.Active));
            Assert.That(evt.Modules, Is.EqualTo(new[] { CardModules.Elder }));
        });
    }
}
