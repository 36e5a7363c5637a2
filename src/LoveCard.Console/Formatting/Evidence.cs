using System.Globalization;
using System.Text.Json;

namespace LoveCard.Console.Formatting;

/// <summary>
/// An anomaly's evidence (JSON written by the supervision rule) as lines a clerk reads: Chinese
/// names for the keys, money in yuan, times in Beijing time, counts as counts. Ids are left for
/// the page to show as names (or leaves them out).
/// </summary>
public static class Evidence
{
    public sealed record Line(string Label, string Value);

    public static IReadOnlyList<Line> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            return document
                .RootElement.EnumerateObject()
                .Where(p => !Hidden.Contains(p.Name))
                .Select(p => new Line(
                    Labels.TryGetValue(p.Name, out var label) ? label : p.Name,
                    Value(p.Name, p.Value)
                ))
                .ToArray();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Value(string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number
                when key.EndsWith("Fen", StringComparison.Ordinal) && value.TryGetInt64(out var fen):
                return Yuan.Format(fen);
            case JsonValueKind.Number:
                return value.GetDecimal().ToString("0.##", CultureInfo.InvariantCulture);
            case JsonValueKind.String
                when DateTimeOffset.TryParse(
                    value.GetString(),
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal,
                    out var at
                ) && value.GetString()!.Contains('T', StringComparison.Ordinal):
                return ShanghaiTime.Format(at);
            case JsonValueKind.String:
                var text = value.GetString() ?? "";
                return key switch
                {
                    "item" => Formatting.Labels.Item(text),
                    "kind" => Formatting.Labels.AbsenceKind(text),
                    "cardStatus" => Formatting.Labels.CardStatus(text),
                    "statusReason" => Formatting.Labels.CardReason(text),
                    _ => text,
                };
            case JsonValueKind.Array:
                return $"{value.GetArrayLength()} 项";
            case JsonValueKind.True:
                return "是";
            case JsonValueKind.False:
                return "否";
            default:
                return value.ToString();
        }
    }

    /// <summary>Ids a clerk cannot read; the anomaly's own columns already name the provider and the card.</summary>
    private static readonly HashSet<string> Hidden =
    [
        "purchaseId",
        "previousPurchaseId",
        "elderId",
        "absenceId",
        "providerId",
        "previousProviderId",
        "cardIds",
    ];

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["at"] = "发生时间",
        ["bookedAt"] = "入账时间",
        ["occurredAt"] = "交易时间",
        ["previousAt"] = "上一笔时间",
        ["distanceKm"] = "两地距离（公里）",
        ["speedKmh"] = "折合速度（公里/小时）",
        ["thresholdKmh"] = "速度阈值（公里/小时）",
        ["meals"] = "当日用餐次数",
        ["threshold"] = "阈值",
        ["day"] = "日期",
        ["revokedAt"] = "注销时间",
        ["cardStatus"] = "卡片状态",
        ["statusReason"] = "状态原因",
        ["percent"] = "占比（%）",
        ["atCeiling"] = "按限价成交笔数",
        ["sales"] = "成交笔数",
        ["thresholdPercent"] = "阈值（%）",
        ["days"] = "统计天数",
        ["averagePerDay"] = "日均笔数",
        ["purchases"] = "交易笔数",
        ["windowMinutes"] = "时间窗（分钟）",
        ["localTime"] = "当地时间",
        ["opensAt"] = "营业开始",
        ["closesAt"] = "营业结束",
        ["graceMinutes"] = "宽限（分钟）",
        ["from"] = "开始",
        ["to"] = "结束",
        ["kind"] = "类型",
        ["cards"] = "卡数",
        ["cardsNeverElsewhere"] = "未在别处使用过的卡数",
        ["thresholdCards"] = "卡数阈值",
        ["thresholdNeverElsewherePercent"] = "未在别处使用占比阈值（%）",
        ["maxLagMinutes"] = "最长延迟（分钟）",
        ["thresholdMinutes"] = "延迟阈值（分钟）",
        ["unproven"] = "无到访凭证笔数",
        ["missing"] = "缺少的凭证",
        ["item"] = "服务项目",
        ["items"] = "项目数",
        ["totalFen"] = "金额合计",
        ["terminalId"] = "终端",
        ["terminalIds"] = "终端数",
        ["purchaseIds"] = "涉及交易",
        ["minutes"] = "分钟",
        ["open"] = "营业中",
        ["approved"] = "已批准",
    };
}
