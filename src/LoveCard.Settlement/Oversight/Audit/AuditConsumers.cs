using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using MassTransit;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// Records every integration event of its type in the audit trail, once (the inbox drops a
/// redelivery). No <c>VersionStream</c>: the trail keeps every event, also those that arrive late.
/// MassTransit needs a concrete consumer per event type, hence the one-line classes below.
/// </summary>
public abstract class AuditConsumer<TEvent>(IServiceProvider services) : InboxConsumer<TEvent>(services)
    where TEvent : IntegrationEvent
{
    private readonly AuditTrail _trail = services.GetRequiredService<AuditTrail>();

    protected override Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct) =>
        _trail.AppendAsync(scope.Connection, scope.Transaction, scope.Context.MessageId!.Value, message, ct);
}

// Eligibility
public sealed class ElderRegisteredAuditConsumer(IServiceProvider s) : AuditConsumer<ElderRegistered>(s);

public sealed class ElderClassifiedAuditConsumer(IServiceProvider s) : AuditConsumer<ElderClassified>(s);

public sealed class SubsidyPolicyPublishedAuditConsumer(IServiceProvider s) : AuditConsumer<SubsidyPolicyPublished>(s);

public sealed class CountySettingsChangedAuditConsumer(IServiceProvider s) : AuditConsumer<CountySettingsChanged>(s);

// Cards
public sealed class CardProvisionedAuditConsumer(IServiceProvider s) : AuditConsumer<CardProvisioned>(s);

public sealed class CardActivatedAuditConsumer(IServiceProvider s) : AuditConsumer<CardActivated>(s);

public sealed class CardSuspendedAuditConsumer(IServiceProvider s) : AuditConsumer<CardSuspended>(s);

public sealed class CardResumedAuditConsumer(IServiceProvider s) : AuditConsumer<CardResumed>(s);

public sealed class CardReplacedAuditConsumer(IServiceProvider s) : AuditConsumer<CardReplaced>(s);

public sealed class CardRevokedAuditConsumer(IServiceProvider s) : AuditConsumer<CardRevoked>(s);

public sealed class CardFaceBoundAuditConsumer(IServiceProvider s) : AuditConsumer<CardFaceBound>(s);

public sealed class CardModulesChangedAuditConsumer(IServiceProvider s) : AuditConsumer<CardModulesChanged>(s);

public sealed class CardHolderChangedAuditConsumer(IServiceProvider s) : AuditConsumer<CardHolderChanged>(s);

public sealed class QrSigningKeyPublishedAuditConsumer(IServiceProvider s) : AuditConsumer<QrSigningKeyPublished>(s);

// Whitelist
public sealed class ProviderWhitelistedAuditConsumer(IServiceProvider s) : AuditConsumer<ProviderWhitelisted>(s);

public sealed class ProviderSuspendedAuditConsumer(IServiceProvider s) : AuditConsumer<ProviderSuspended>(s);

public sealed class ProviderExitedAuditConsumer(IServiceProvider s) : AuditConsumer<ProviderExited>(s);

public sealed class ProviderItemsChangedAuditConsumer(IServiceProvider s) : AuditConsumer<ProviderItemsChanged>(s);

public sealed class PriceStandardChangedAuditConsumer(IServiceProvider s) : AuditConsumer<PriceStandardChanged>(s);

public sealed class TerminalRegisteredAuditConsumer(IServiceProvider s) : AuditConsumer<TerminalRegistered>(s);

public sealed class TerminalDisabledAuditConsumer(IServiceProvider s) : AuditConsumer<TerminalDisabled>(s);

public sealed class CareWorkerRegisteredAuditConsumer(IServiceProvider s) : AuditConsumer<CareWorkerRegistered>(s);

// Settlement's own events come back through the bus like everyone else's, so the trail has one way in.
public sealed class PurchaseSettledAuditConsumer(IServiceProvider s) : AuditConsumer<PurchaseSettled>(s);

public sealed class PurchaseReversedAuditConsumer(IServiceProvider s) : AuditConsumer<PurchaseReversed>(s);

public sealed class AnomalyRaisedAuditConsumer(IServiceProvider s) : AuditConsumer<AnomalyRaised>(s);

public sealed class PeriodClosedAuditConsumer(IServiceProvider s) : AuditConsumer<PeriodClosed>(s);

public sealed class FundLowAuditConsumer(IServiceProvider s) : AuditConsumer<FundLow>(s);

public sealed class FundTopUpApprovedAuditConsumer(IServiceProvider s) : AuditConsumer<FundTopUpApproved>(s);

public sealed class DisputeOpenedAuditConsumer(IServiceProvider s) : AuditConsumer<DisputeOpened>(s);

public sealed class DisputeResolvedAuditConsumer(IServiceProvider s) : AuditConsumer<DisputeResolved>(s);

public sealed class ElderAbsenceRecordedAuditConsumer(IServiceProvider s) : AuditConsumer<ElderAbsenceRecorded>(s);
