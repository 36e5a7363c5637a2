using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// The row of <c>purchases</c>, with one column list for approved and declined purchases: a declined
/// one has a decline code and no price, split, remaining caps or cap month (NULL).
/// </summary>
internal static class PurchaseInsert
{
    private const string Sql = """
        INSERT INTO purchases (purchase_id, receipt_no, terminal_id, provider_id, provider_county, idempotency_key,
            status,
            decline_code, credential_type, card_id, elder_id, masked_name, category, home_county, village_code, item,
            quantity, list_price_fen, price_fen, fiscal_fen, collective_fen, charity_fen, family_fen,
            remaining_fiscal_fen, remaining_collective_fen, remaining_charity_fen, policy_version, cap_month,
            order_id, care_worker_id, location_lat, location_lon, occurred_at, booked_at, booked_day,
            visit_id, visit_problems)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
            $23,
            $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37)
        """;

    private static NpgsqlParameter<T> P<T>(T value) => TypedParameter.Of(value);

    public static NpgsqlBatchCommand Approved(
        PurchaseRecord record,
        SourceAmounts split,
        SubsidyAmounts remaining,
        DateOnly capMonth
    ) => Command(record, PurchaseStatuses.Approved, null, record.Evaluation.PriceFen, split, remaining, capMonth);

    public static NpgsqlBatchCommand Declined(PurchaseRecord record, string declineCode) =>
        Command(record, PurchaseStatuses.Declined, declineCode, null, null, null, null);

    private static NpgsqlBatchCommand Command(
        PurchaseRecord record,
        string status,
        string? declineCode,
        long? priceFen,
        SourceAmounts? split,
        SubsidyAmounts? remaining,
        DateOnly? capMonth
    )
    {
        var e = record.Evaluation;
        var request = record.Request;
        var card = e.Card;
        // Typed parameters (ADR 0057): no value is boxed, and a NULL goes as a NULL of its column's type.
        return new NpgsqlBatchCommand(Sql)
        {
            Parameters =
            {
                P(record.PurchaseId),
                P(record.ReceiptNo),
                P(record.Terminal.TerminalId),
                P(record.Terminal.ProviderId),
                P(e.ProviderCounty),
                P(record.IdempotencyKey),
                P(status),
                P(declineCode),
                P(record.Input.Credential.Type),
                P(card?.CardId),
                P(card?.ElderId),
                P(card?.MaskedName),
                P(card?.Category),
                P(e.HomeCounty),
                P(card?.VillageCode),
                P(record.Input.Item),
                P(record.Input.Quantity),
                P(e.ListPriceFen),
                P(priceFen),
                P(split?.FiscalFen),
                P(split?.CollectiveFen),
                P(split?.CharityFen),
                P(split?.FamilyFen),
                P(remaining?.FiscalFen),
                P(remaining?.CollectiveFen),
                P(remaining?.CharityFen),
                P(card is null ? null : (int?)e.PolicyVersion),
                P(capMonth),
                P(request.OrderId),
                P(request.CareWorkerId),
                P(request.Location?.Lat),
                P(request.Location?.Lon),
                P(record.Input.OccurredAt.UtcDateTime),
                P(record.BookedAt.UtcDateTime),
                P(Shanghai.Today(record.BookedAt)),
                P(request.VisitId),
                P(record.VisitProblems),
            },
        };
    }
}
