using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using MassTransit;

namespace LoveCard.Settlement.Oversight.Audit;

// Whitelist
public sealed class ProviderWhitelistedAuditConsumer(IServiceProvider s) : AuditConsumer<ProviderWhitelisted>(s);
