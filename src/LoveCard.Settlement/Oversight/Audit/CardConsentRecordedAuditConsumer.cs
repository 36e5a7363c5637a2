using LoveCard.Contracts.Cards;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>A consent given or withdrawn (the agent's phone hash stays out of the summary).</summary>
public sealed class CardConsentRecordedAuditConsumer(IServiceProvider s) : AuditConsumer<CardConsentRecorded>(s);
