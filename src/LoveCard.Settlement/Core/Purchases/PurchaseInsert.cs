using LoveCard.Hosting;
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
        return BatchCommands.Of(
            Sql,
            record.PurchaseId,
            record.ReceiptNo,
            record.Terminal.TerminalId,
            record.Terminal.ProviderId,
            e.ProviderCounty,
            record.IdempotencyKey,
            status,
            declineCode,
            record.Input.Credential.Type,
            e.Card?.CardId,
            e.Card?.ElderId,
            e.Card?.MaskedName,
            e.Card?.Category,
            e.HomeCounty,
            e.Card?.VillageCode,
            record.Input.Item,
            record.Input.Quantity,
            e.ListPriceFen,
            priceFen,
            split?.FiscalFen,
            split?.CollectiveFen,
            split?.CharityFen,
            split?.FamilyFen,
            remaining?.FiscalFen,
            remaining?.CollectiveFen,
            remaining?.CharityFen,
            e.Card is null ? null : e.PolicyVersion,
            capMonth,
            request.OrderId,
            request.CareWorkerId,
            request.Location?.Lat,
            request.Location?.Lon,
            record.Input.OccurredAt.UtcDateTime,
            record.BookedAt.UtcDateTime,
            Shanghai.Today(record.BookedAt),
            request.VisitId,
            record.VisitProblems
        );
    }
}
