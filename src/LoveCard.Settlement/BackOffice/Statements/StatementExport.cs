using LoveCard.Hosting.Exports;
using LoveCard.Settlement.BackOffice.Exports;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>
/// A statement as a spreadsheet (ADR 0032): every line in booking order with the provider's and
/// the item's names beside their codes, then the totals row the writer sums from those lines.
/// </summary>
public static class StatementExport
{
    public static readonly ExportTable Table = new(
        [
            new("bookedAt", "记账时间", ExportCell.Time),
            new("kind", "类型") { Words = ExportWords.LineKinds },
            new("receiptNo", "小票号"),
            new("idempotencyKey", "幂等键"),
            new("terminalId", "终端编号"),
            new("providerId", "服务商编号"),
            new("providerName", "服务商名称"),
            new("elderId", "老人编号"),
            new("maskedName", "老人姓名"),
            new("homeCounty", "老人所属县区"),
            new("item", "服务项目代码"),
            new("itemName", "服务项目"),
            new("quantity", "数量", ExportCell.Number, Summed: true),
            new("amountFen", "金额（元）", ExportCell.Yuan, Summed: true),
            new("fiscalFen", "财政补贴（元）", ExportCell.Yuan, Summed: true),
            new("collectiveFen", "集体补贴（元）", ExportCell.Yuan, Summed: true),
            new("charityFen", "慈善补贴（元）", ExportCell.Yuan, Summed: true),
            new("familyFen", "个人支付（元）", ExportCell.Yuan, Summed: true),
        ],
        LabelColumn: "kind"
    );

    /// <summary>The lines in <see cref="Table"/>'s column order, booking times as instants.</summary>
    public static string Sql(StatementScope scope) =>
        $"""
            SELECT l.booked_at, l.kind, l.receipt_no, l.idempotency_key, l.terminal_id, l.provider_id::text,
                   p.name, l.elder_id::text, l.masked_name, l.home_county, l.item,
                   {ExportWords.ItemNameSql("l.provider_id", "l.item")},
                   l.quantity::bigint, l.amount_fen, l.fiscal_fen, l.collective_fen, l.charity_fen, l.family_fen
              FROM ({StatementSql.Lines(scope)}) l
              LEFT JOIN rm_providers p ON p.provider_id = l.provider_id
             ORDER BY l.booked_at, l.line_id, l.kind
            """;
}
