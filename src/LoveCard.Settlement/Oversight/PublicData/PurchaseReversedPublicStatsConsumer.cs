using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>One row per void or refund, in the month of its own booking (corrections fall in the period they
/// happen).</summary>
public sealed class PurchaseReversedPublicStatsConsumer(IServiceProvider services)
    : InboxConsumer<PurchaseReversed>(services)
{
    protected override Task HandleAsync(PurchaseReversed m, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_reversals (reversal_id, purchase_id, period, amount_fen, fiscal_fen, collective_fen,
                charity_fen, family_fen)
            VALUES (@ReversalId, @PurchaseId, @Period, @AmountFen, @FiscalFen, @CollectiveFen, @CharityFen, @FamilyFen)
            ON CONFLICT (reversal_id) DO NOTHING
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    m.ReversalId,
                    m.PurchaseId,
                    Period = Shanghai.Period(m.BookedAt),
                    m.AmountFen,
                    m.FiscalFen,
                    m.CollectiveFen,
                    m.CharityFen,
                    m.FamilyFen,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
