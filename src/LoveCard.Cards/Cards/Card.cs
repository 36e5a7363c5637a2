using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Errors;

namespace LoveCard.Cards.Cards;

/// <summary>
/// One elder's love card (爱心卡) and its lifecycle rules (DOMAIN.md §1, 动态管理). Transitions that
/// are not allowed throw <see cref="ConflictException"/> with a stable code and change nothing; the
/// store persists a changed card with its version one higher and the event that says so.
/// </summary>
public sealed class Card
{
    public Guid CardId { get; set; }

    public Guid ElderId { get; set; }

    public string CardNumber { get; set; } = "";

    public string Status { get; set; } = CardStatuses.PendingConsent;

    public string? StatusReason { get; set; }

    /// <summary>The status a suspension returns to: pending_consent or active.</summary>
    public string? SuspendedFrom { get; set; }

    public bool Eligible { get; set; }

    public int? Category { get; set; }

    public string HomeCounty { get; set; } = "";

    public string VillageCode { get; set; } = "";

    public string MaskedName { get; set; } = "";

    public string[] Modules { get; set; } = [];

    public string? FaceIdHash { get; set; }

    public long Version { get; set; }

    public DateTimeOffset ProvisionedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsUsable => Status == CardStatuses.Active;

    /// <summary>The card as it is now, for a change recorded before its number is known (provisioning in
    /// batches).</summary>
    public Card Copy() => (Card)MemberwiseClone();

    /// <summary>Consent activates a card waiting for it, or one suspended because consent was withdrawn.</summary>
    public void Activate()
    {
        RequireNotRevoked();
        if (!Eligible)
        {
            throw new ConflictException(
                "not_eligible",
                "The elder is not eligible now, so the card cannot be activated."
            );
        }

        if (Status == CardStatuses.Active)
        {
            throw new ConflictException("card_already_active", "The card is already active; consent was given before.");
        }

        if (Status == CardStatuses.Suspended && StatusReason != SuspensionReasons.ConsentWithdrawn)
        {
            throw new ConflictException(
                "card_suspended",
                $"The card is suspended ({StatusReason}); resume it before recording consent."
            );
        }

        Status = CardStatuses.Active;
        StatusReason = null;
        SuspendedFrom = null;
    }

    /// <summary>Withdrawing consent suspends an active card; only a new consent brings it back.</summary>
    public void WithdrawConsent()
    {
        RequireNotRevoked();
        if (Status == CardStatuses.PendingConsent)
        {
            throw new ConflictException(
                "card_pending_consent",
                "No consent was given for this card, so none can be withdrawn."
            );
        }

        if (Status == CardStatuses.Suspended)
        {
            throw new ConflictException("card_already_suspended", $"The card is already suspended ({StatusReason}).");
        }

        Suspend(SuspensionReasons.ConsentWithdrawn);
    }

    /// <summary>A bureau suspends a live card (lost, dispute, moved away, other).</summary>
    public void Suspend(string reason)
    {
        RequireNotRevoked();
        if (Status == CardStatuses.Suspended)
        {
            throw new ConflictException("card_already_suspended", $"The card is already suspended ({StatusReason}).");
        }

        SuspendedFrom = Status;
        Status = CardStatuses.Suspended;
        StatusReason = reason;
    }

    /// <summary>
    /// A bureau resumes a suspended card to the status it had. Suspensions the bureau did not make
    /// are lifted by what caused them: eligibility by a new classification, withdrawn consent by a new consent.
    /// </summary>
    public void Resume()
    {
        RequireNotRevoked();
        if (Status != CardStatuses.Suspended)
        {
            throw new ConflictException("card_not_suspended", $"The card is {Status}, not suspended.");
        }

        if (StatusReason == SuspensionReasons.NotEligible || !Eligible)
        {
            throw new ConflictException(
                "not_eligible",
                "The elder is not eligible now; the card comes back when a new classification makes them eligible."
            );
        }

        if (StatusReason == SuspensionReasons.ConsentWithdrawn)
        {
            throw new ConflictException(
                "consent_required",
                "Consent was withdrawn; the card comes back with a new consent."
            );
        }

        Status = SuspendedFrom ?? CardStatuses.PendingConsent;
        StatusReason = null;
        SuspendedFrom = null;
    }

    /// <summary>
    /// Reissue (补办): a new number; the card id stays. A card suspended because it was lost is
    /// usable again under the new number, since the lost card is what blocked it; any other status stays.
    /// </summary>
    public string Replace(string newNumber)
    {
        RequireNotRevoked();
        var previous = CardNumber;
        CardNumber = newNumber;
        if (Status == CardStatuses.Suspended && StatusReason == SuspensionReasons.Lost)
        {
            Status = SuspendedFrom ?? CardStatuses.PendingConsent;
            StatusReason = null;
            SuspendedFrom = null;
        }

        return previous;
    }

    /// <summary>Revocation (death, left the programme) is final.</summary>
    public void Revoke(string reason)
    {
        RequireNotRevoked();
        Status = CardStatuses.Revoked;
        StatusReason = reason;
        SuspendedFrom = null;
    }

    /// <summary>The elder is no longer eligible: a live card is suspended; true when the status changed.</summary>
    public bool MarkNotEligible()
    {
        Eligible = false;
        if (Status is CardStatuses.Active or CardStatuses.PendingConsent)
        {
            Suspend(SuspensionReasons.NotEligible);
            return true;
        }

        return false;
    }

    /// <summary>The elder is eligible (again): a card suspended for that reason comes back; true when the status
    /// changed.</summary>
    public bool MarkEligible()
    {
        Eligible = true;
        if (Status == CardStatuses.Suspended && StatusReason == SuspensionReasons.NotEligible)
        {
            Status = SuspendedFrom ?? CardStatuses.PendingConsent;
            StatusReason = null;
            SuspendedFrom = null;
            return true;
        }

        return false;
    }

    public void RequireNotRevoked()
    {
        if (Status == CardStatuses.Revoked)
        {
            throw new ConflictException("card_revoked", $"The card was revoked ({StatusReason}); that is final.");
        }
    }

    /// <summary>The card's state stamped onto an event (state-carrying, ARCHITECTURE.md "Contracts").</summary>
    public TEvent Describe<TEvent>(TEvent blank, Actor actor, string reason, DateTimeOffset at)
        where TEvent : CardEvent =>
        blank with
        {
            AggregateId = CardId.ToString(),
            AggregateVersion = Version,
            Actor = actor,
            Reason = reason,
            OccurredAt = at,
            CardId = CardId,
            ElderId = ElderId,
            HomeCounty = HomeCounty,
            CardNumber = CardNumber,
            Status = Status,
            StatusReason = StatusReason,
            Modules = Modules,
        };
}
