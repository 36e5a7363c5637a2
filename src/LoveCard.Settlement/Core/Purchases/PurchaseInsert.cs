using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// The row of <c>purchases</c>, with one column list for approved and declined purchases: a declined
/// one has a decline code and no price, split, remaining caps or cap month (NULL).
/// </summary>
/// <remarks>
/// The row's 37 values go as eight typed parameters, one array per column type (<c>u</c> uuid, <c>t</c> text,
/// <c>f</c> fen, <c>n</c> integer, <c>g</c> the place, <c>ts</c> instants, <c>d</c> days; the visit's problems are an
/// array of their own), the SELECT list in the column list's order, line by line. A parameter object is about 200
/// bytes: 37 of them were about 7 KB of the 145 KB settlement allocated per purchase (ADR 0057). The row written is the
/// same: every element has its column's type, and a NULL element is a NULL.
/// </remarks>
internal static class PurchaseInsert
{
    private const string Sql = """
        INSERT INTO purchases (purchase_id, receipt_no, terminal_id, provider_id, provider_county, idempotency_key,
            status, decline_code, credential_type, card_id, elder_id, masked_name, category, home_county,
            village_code, item, quantity, list_price_fen, price_fen, fiscal_fen, collective_fen, charity_fen,
            family_fen, remaining_fiscal_fen, remaining_collective_fen, remaining_charity_fen, policy_version,
            cap_month, order_id, care_worker_id, location_lat, location_lon, occurred_at, booked_at, booked_day,
            visit_id, visit_problems)
        SELECT u[1], t[1], t[2], u[2], t[3], t[4],
               t[5], t[6], t[7], u[3], u[4], t[8], n[1], t[9],
               t[10], t[11], n[2], f[1], f[2], f[3], f[4], f[5],
               f[6], f[7], f[8], f[9], n[3],
               d[1], u[5], t[12], g[1], g[2], ts[1], ts[2], d[2],
               u[6], $8
          FROM (SELECT $1::uuid[] AS u, $2::text[] AS t, $3::bigint[] AS f, $4::integer[] AS n,
                       $5::double precision[] AS g, $6::timestamptz[] AS ts, $7::date[] AS d) v
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
        var card = e.Card;
        Guid?[] ids =
        [
            record.PurchaseId,
            record.Terminal.ProviderId,
            card?.CardId,
            card?.ElderId,
            request.OrderId,
            request.VisitId,
        ];
        string?[] texts =
        [
            record.ReceiptNo,
            record.Terminal.TerminalId,
            e.ProviderCounty,
            record.IdempotencyKey,
            status,
            declineCode,
            record.Input.Credential.Type,
            card?.MaskedName,
            e.HomeCounty,
            card?.VillageCode,
            record.Input.Item,
            request.CareWorkerId,
        ];
        long?[] fen =
        [
            e.ListPriceFen,
            priceFen,
            split?.FiscalFen,
            split?.CollectiveFen,
            split?.CharityFen,
            split?.FamilyFen,
            remaining?.FiscalFen,
            remaining?.CollectiveFen,
            remaining?.CharityFen,
        ];
        int?[] integers = [card?.Category, record.Input.Quantity, card is null ? null : e.PolicyVersion];
        double?[] place = [request.Location?.Lat, request.Location?.Lon];
        // DateTimeOffset at offset 0: always a timestamptz, whatever a DateTime's kind would have said.
        DateTimeOffset[] instants = [record.Input.OccurredAt.ToUniversalTime(), record.BookedAt.ToUniversalTime()];
        DateOnly?[] days = [capMonth, Shanghai.Today(record.BookedAt)];
        return new NpgsqlBatchCommand(Sql)
        {
            Parameters =
            {
                TypedParameter.Of(ids),
                TypedParameter.Of(texts),
                TypedParameter.Of(fen),
                TypedParameter.Of(integers),
                TypedParameter.Of(place),
                TypedParameter.Of(instants),
                TypedParameter.Of(days),
                TypedParameter.Of(record.VisitProblems),
            },
        };
    }
}
