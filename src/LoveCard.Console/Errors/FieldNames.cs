using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace LoveCard.Console.Errors;

/// <summary>The Chinese name of a field a problem names (JSON path, query parameter or file column).</summary>
public static partial class FieldNames
{
    public static string Of(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return "该项";
        }

        // items[2].unitPriceFen → 第 3 项的单价
        var indexed = Indexed().Match(field);
        if (indexed.Success)
        {
            var n = int.Parse(indexed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
            return $"第 {n} 项的{Of(indexed.Groups[3].Value)}";
        }

        var last = field.Contains('.', StringComparison.Ordinal) ? field[(field.LastIndexOf('.') + 1)..] : field;
        return Names.TryGetValue(field, out var name) || Names.TryGetValue(last, out name) ? name : field;
    }

    [GeneratedRegex(@"^(\w+)\[(\d+)\]\.(\w+)$")]
    private static partial Regex Indexed();

    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["idNumber"] = "身份证号",
        ["id_number"] = "身份证号",
        ["name"] = "姓名",
        ["hukouProvince"] = "户籍省",
        ["hukou_province"] = "户籍省",
        ["hukouCounty"] = "户籍县",
        ["hukou_county"] = "户籍县",
        ["homeCounty"] = "居住县",
        ["home_county"] = "居住县",
        ["villageCode"] = "村（社区）代码",
        ["village_code"] = "村（社区）代码",
        ["village"] = "村（社区）",
        ["counties"] = "分配区县",
        ["lines"] = "预算科目",
        ["phone"] = "联系电话",
        ["hardship"] = "经济困难类型",
        ["abilityScore"] = "能力评估分",
        ["ability_score"] = "能力评估分",
        ["assessmentDate"] = "评估日期",
        ["assessment_date"] = "评估日期",
        ["dementia"] = "是否失智",
        ["specialSituations"] = "特殊情况",
        ["special_situations"] = "特殊情况",
        ["socialSecurityCardNumber"] = "社保卡号",
        ["social_security_card_number"] = "社保卡号",
        ["reason"] = "原因",
        ["note"] = "说明",
        ["amountFen"] = "金额",
        ["county"] = "区县",
        ["status"] = "状态",
        ["period"] = "账期",
        ["bankReference"] = "银行流水号",
        ["paidOn"] = "支付日期",
        ["date"] = "日期",
        ["page"] = "页码",
        ["pageSize"] = "每页条数",
        ["unifiedCode"] = "统一社会信用代码",
        ["providerType"] = "服务商类型",
        ["address"] = "地址",
        ["contactName"] = "联系人",
        ["contactPhone"] = "联系电话",
        ["admissionRoute"] = "准入方式",
        ["contractStart"] = "合同开始日期",
        ["contractEnd"] = "合同结束日期",
        ["legacyCodeReason"] = "特批原因",
        ["legacyCodeOverride"] = "早期试点代码特批",
        ["items"] = "服务项目",
        ["itemCode"] = "服务项目",
        ["unitPriceFen"] = "单价",
        ["discountPercent"] = "持卡优惠",
        ["effectiveFrom"] = "生效日期",
        ["ceilingFen"] = "最高限价",
        ["unit"] = "单位",
        ["newCardNumber"] = "新卡号",
        ["relation"] = "与老人关系",
        ["place"] = "办理地点",
        ["consentedAt"] = "同意时间",
        ["givenBy"] = "同意人",
        ["channel"] = "办理渠道",
        ["agent"] = "代办人",
        ["from"] = "开始时间",
        ["to"] = "结束时间",
        ["kind"] = "类型",
        ["elderId"] = "老人",
        ["claimedFen"] = "主张金额",
        ["purchaseId"] = "消费记录",
        ["decision"] = "处理决定",
        ["source"] = "资金来源",
        ["file"] = "文件",
        ["model"] = "终端型号",
        ["terminalId"] = "终端编号",
        ["latitude"] = "纬度",
        ["longitude"] = "经度",
        ["opensAt"] = "开门时间",
        ["closesAt"] = "关门时间",
        ["certificateNumber"] = "证书编号",
        ["certificateLevel"] = "证书等级",
        ["validUntil"] = "证书有效期",
        ["type"] = "类型",
        ["points"] = "分值",
        ["purpose"] = "查看用途",
        ["categories"] = "各类别设置",
        ["receiptNo"] = "小票号",
        ["idempotencyKey"] = "小票号",
        ["time"] = "时间",
        ["item"] = "服务项目",
        ["body"] = "提交内容",
        ["modules"] = "卡片功能",
        ["Idempotency-Key"] = "防重复编号",
        ["faceId"] = "人脸编号",
        ["rule"] = "监测规则",
        ["format"] = "格式",
    }.ToFrozenDictionary();
}
