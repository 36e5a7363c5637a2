using LoveCard.Contracts;

namespace LoveCard.Settlement.BackOffice.Exports;

/// <summary>
/// The Chinese words people read in exports for codes the settlement service writes (ADR 0032);
/// under <c>?headers=codes</c> the codes stay.
/// </summary>
public static class ExportWords
{
    public static readonly IReadOnlyDictionary<string, string> LineKinds = new Dictionary<string, string>
    {
        ["purchase"] = "消费",
        ["void"] = "撤销",
        ["refund"] = "退款",
        ["correction"] = "更正",
        ["recovery"] = "追回",
    };

    public static readonly IReadOnlyDictionary<string, string> Outcomes = new Dictionary<string, string>
    {
        ["matched"] = "一致",
        ["missing_in_lovecard"] = "爱心卡无此笔",
        ["missing_in_provider"] = "服务商清单缺此笔",
        ["amount_differs"] = "金额不一致",
    };

    public static readonly IReadOnlyDictionary<string, string> PayoutStatuses = new Dictionary<string, string>
    {
        ["instructed"] = "待支付",
        ["paid"] = "已支付",
        ["failed"] = "支付失败",
    };

    /// <summary>
    /// The standard items' names (DOMAIN.md §4), for an item the provider's own list no longer names.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Items = new Dictionary<string, string>
    {
        [ServiceItems.Meal] = "助餐",
        [ServiceItems.Bath] = "助浴",
        [ServiceItems.Cleaning] = "助洁",
        [ServiceItems.Mobility] = "助行",
        [ServiceItems.Medical] = "助医",
        [ServiceItems.Emergency] = "助急",
        [ServiceItems.Chat] = "助聊",
        [ServiceItems.Learning] = "助学",
    };

    /// <summary>
    /// SQL for an item's name: the provider's own name for it, else the standard item's name, else the code.
    /// </summary>
    public static string ItemNameSql(string providerId, string item)
    {
        var standard = string.Join(' ', Items.Select(kv => $"WHEN '{kv.Key}' THEN '{kv.Value}'"));
        return $"""
            COALESCE(
                (SELECT pi.name FROM rm_provider_items pi
                  WHERE pi.provider_id = {providerId} AND pi.item_code = {item}),
                CASE {item} {standard} ELSE {item} END)
            """;
    }
}
