using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>
/// One row per settled purchase, in the month of its booking. No version stream: a reversal
/// (a later version of the same purchase) may overtake it, and the purchase must still count;
/// the primary key keeps a purchase from counting twice.
/// </summary>
public sealed class PurchaseSettledPublicStatsConsumer(IServiceProvider services)
    : InboxConsumer<PurchaseSettled>(services)
{
    protected override Task HandleAsync(PurchaseSettled m, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_purchases (purchase_id, period, provider_county, home_county, item, quantity, price_fen,
                fiscal_fen, collective_fen, charity_fen, family_fen)
            VALUES (@PurchaseId, @Period, @ProviderCounty, @HomeCounty, @Item, @Quantity, @PriceFen, @FiscalFen,
                @CollectiveFen, @CharityFen, @FamilyFen)
            ON CONFLICT (purchase_id) DO NOTHING
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    m.PurchaseId,
                    Period = Shanghai.Period(m.BookedAt),
                    m.ProviderCounty,
                    m.HomeCounty,
                    m.Item,
                    m.Quantity,
                    m.PriceFen,
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
