namespace LoveCard.Console.Errors;

/// <summary>The eligibility service's codes: roster rows, elders, settings and policies.</summary>
internal static class EligibilityErrors
{
    public static readonly IReadOnlyDictionary<string, string> Sentences = new Dictionary<string, string>
    {
        ["id_length"] = "身份证号应为 18 位，请核对。",
        ["id_format"] = "身份证号格式有误（前 17 位为数字，最后一位为数字或 X），请核对。",
        ["id_address"] = "身份证号前 6 位不是有效的行政区划代码，请核对。",
        ["id_birth_date"] = "身份证号中的出生日期无效，请核对。",
        ["id_check"] = "身份证号校验位不正确，可能有数字录错，请逐位核对。",
        ["invalid_division_code"] = "行政区划代码有误（省为 2 位、县为 6 位数字），请核对「{0}」。",
        ["hukou_mismatch"] = "户籍县不在所填户籍省内，请核对户籍信息。",
        ["invalid_village_code"] = "村（社区）代码应为 12 位数字，请核对。",
        ["village_not_in_county"] = "该村（社区）不属于所填居住县，请核对村社区代码。",
        ["village_code"] = "村（社区）代码有误，请核对。",
        ["wrong_county"] = "该行的居住县与本次导入的县不一致；请只导入本县老人。",
        ["invalid_hardship"] = "经济困难类型只能是：无、低保、低保边缘、特困。",
        ["invalid_ability_score"] = "能力评估分应为 0 到 90 的整数。",
        ["invalid_assessment_date"] = "评估日期有误（不能晚于今天），请按 年-月-日 填写。",
        ["assessment_incomplete"] = "能力评估分和评估日期需同时填写。",
        ["invalid_flag"] = "是否失智请填写 是 或 否。",
        ["invalid_special_situation"] = "特殊情况只能是：独居、空巢、留守、重残、计生特殊，多项用分号分隔。",
        ["invalid_situation"] = "所选特殊情况无效，请从列表中选择。",
        ["duplicate_in_file"] = "同一身份证号在文件中出现了两次，请删除重复的行。",
        ["elder_in_other_county"] = "该老人已登记在其他县；如已迁入本县，请由原县或省级办理迁移。",
        ["missing_columns"] = "名册缺少必需的列（身份证号、姓名、户籍、村社区代码），请使用模板的表头。",
        ["empty_file"] = "上传的文件是空的，请选择正确的名册文件。",
        ["empty_roster"] = "名册中没有数据行，请检查文件。",
        ["file_required"] = "请选择要上传的名册文件（CSV 或 XLSX）。",
        ["invalid_multipart"] = "文件上传不完整，请重新选择文件上传。",
        ["too_many_rows"] = "文件行数超过上限，请拆分成多个文件分批导入。",
        ["purpose_required"] = "查看完整个人信息需要说明用途（至少 4 个字），该查看会被记录。",
        ["invalid_category"] = "类别只能是一类、二类或三类。",
        ["categories_required"] = "政策需同时设置一类、二类、三类老人的补助比例和月度上限。",
        ["share_out_of_range"] = "补助比例应为 0 到 100 的整数。",
        ["shares_over_100"] = "财政、集体、慈善三项比例之和不能超过 100%。",
        ["negative_cap"] = "月度上限不能为负数。",
        ["effective_date_in_past"] = "生效日期不能早于今天，请选择今天或以后的日期。",
        ["effective_date_passed"] = "该政策的生效日期已过，不能再审批；请按新的生效日期重新提出。",
        ["policy_already_published"] = "该政策版本已经审批发布，无需重复审批。",
        ["same_user_cannot_approve"] = "提出人不能审批自己的申请（制单与复核分离），请由另一位经办人审批。",
        ["invalid_threshold"] = "监测规则的阈值有误，请检查各项数值。",
        ["under_60"] = "未满 60 周岁，不享受爱心卡待遇。",
        ["non_local_not_allowed"] = "本县不接纳非本地户籍常住老人。",
    };
}
