using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using MassTransit;

namespace LoveCard.Settlement.Oversight.Audit;

// Settlement's own events come back through the bus like everyone else's, so the trail has one way in.
public sealed class PurchaseSettledAuditConsumer(IServiceProvider s) : AuditConsumer<PurchaseSettled>(s);
