using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// Chinese beside an anomaly's codes (issue 17): what the rule found, as a sentence, and its evidence
/// as labelled values. The rule code and the evidence JSON stay as they are; these are for people.
/// </summary>
public static class AnomalyTexts
{
    private static readonly Dictionary<string, string> Rules = new()
    {
        [AnomalyRules.ImpossibleTravel] = "同一张卡在很短时间内于相距过远的两地消费，疑似被他人冒用。",
        [AnomalyRules.MealsPerDay] = "同一位老人一天内的用餐次数超过本县阈值。",
        [AnomalyRules.AfterDeath] = "老人死亡日期之后仍有消费。",
        [AnomalyRules.PriceAtCeiling] = "机构的大部分消费都按县最高限价收费。",
        [AnomalyRules.VolumeJump] = "机构某日的消费笔数远高于近四周的日均。",
        [AnomalyRules.SplitPurchases] = "同一张卡在短时间内被拆成多笔消费。",
        [AnomalyRules.OutsideHours] = "消费发生在机构的营业时间之外。",
        [AnomalyRules.DuringAbsence] = "老人外出（住院或离县）登记期间仍有消费。",
        [AnomalyRules.CardBurst] = "同一终端在短时间内连续为多张卡消费。",
        [AnomalyRules.LateReport] = "终端上报消费的时间明显晚于消费发生的时间。",
        [AnomalyRules.NoVisitProof] = "上门服务缺少探访证明。",
    };

    private static readonly Dictionary<string, string> Keys = new()
    {
        ["terminalIds"] = "终端",
        ["terminalId"] = "终端",
        ["day"] = "日期",
        ["purchases"] = "消费笔数",
        ["purchaseIds"] = "消费记录",
        ["purchaseId"] = "消费记录",
        ["sales"] = "销售笔数",
        ["atCeiling"] = "按最高限价收费笔数",
        ["percent"] = "占比（%）",
        ["item"] = "服务项目",
        ["bookedAt"] = "记账时间",
        ["unproven"] = "无探访证明笔数",
        ["meals"] = "用餐次数",
        ["threshold"] = "阈值",
        ["elderId"] = "老人",
        ["absenceId"] = "外出登记",
        ["kind"] = "类别",
        ["from"] = "开始",
        ["to"] = "结束",
        ["totalFen"] = "合计金额（分）",
        ["revokedAt"] = "注销时间",
        ["dateOfDeath"] = "死亡日期",
        ["deathRecordedAt"] = "死亡登记时间",
        ["previousPurchaseId"] = "上一笔消费",
        ["previousProviderId"] = "上一笔消费的机构",
        ["previousAt"] = "上一笔消费时间",
        ["averagePerDay"] = "日均笔数",
        ["localTime"] = "当地时间",
        ["distanceKm"] = "距离（公里）",
        ["minutes"] = "间隔（分钟）",
    };

    public static string Rule(string rule) => Rules.GetValueOrDefault(rule, rule);

    /// <summary>
    /// The evidence's top-level members as <c>标签：值</c>, separated by <c>；</c>; unknown keys keep their name.
    /// </summary>
    public static string Evidence(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return json;
            }

            var text = new StringBuilder();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (text.Length > 0)
                {
                    text.Append('；');
                }

                text.Append(Keys.GetValueOrDefault(member.Name, member.Name)).Append('：').Append(Value(member.Value));
            }

            return text.ToString();
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string Value(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(Value)),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "是",
            JsonValueKind.False => "否",
            JsonValueKind.Null => "—",
            _ => value.GetRawText(),
        };

    /// <summary>Invariant text for numbers the rules compute, should a caller need one.</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
