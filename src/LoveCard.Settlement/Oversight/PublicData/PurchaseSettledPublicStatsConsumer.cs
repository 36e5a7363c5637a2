using Dapper;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>
/// One row per settled purchase, in the month of its booking, a batch of purchases in one statement (ADR 0042).
/// No version stream: a reversal (a later version of the same purchase) may overtake it, and the purchase must
/// still count; the primary key keeps a purchase from counting twice.
/// </summary>
public sealed class PurchaseSettledPublicStatsConsumer(IServiceProvider services)
    : InboxBatchConsumer<PurchaseSettled>(services)
{
    protected override Task HandleBatchAsync(
        IReadOnlyList<(Guid MessageId, PurchaseSettled Message)> messages,
        ConsumeScope scope,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO public_purchases (purchase_id, period, provider_county, home_county, item, quantity, price_fen,
                fiscal_fen, collective_fen, charity_fen, family_fen)
            SELECT * FROM unnest(@PurchaseId, @Period, @ProviderCounty, @HomeCounty, @Item, @Quantity, @PriceFen,
                @FiscalFen, @CollectiveFen, @CharityFen, @FamilyFen)
            ON CONFLICT (purchase_id) DO NOTHING
            """;
        var m = messages.Select(x => x.Message).ToList();
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    PurchaseId = m.Select(x => x.PurchaseId).ToArray(),
                    Period = m.Select(x => Shanghai.Period(x.BookedAt)).ToArray(),
                    ProviderCounty = m.Select(x => x.ProviderCounty).ToArray(),
                    HomeCounty = m.Select(x => x.HomeCounty).ToArray(),
                    Item = m.Select(x => x.Item).ToArray(),
                    Quantity = m.Select(x => x.Quantity).ToArray(),
                    PriceFen = m.Select(x => x.PriceFen).ToArray(),
                    FiscalFen = m.Select(x => x.FiscalFen).ToArray(),
                    CollectiveFen = m.Select(x => x.CollectiveFen).ToArray(),
                    CharityFen = m.Select(x => x.CharityFen).ToArray(),
                    FamilyFen = m.Select(x => x.FamilyFen).ToArray(),
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
