namespace LoveCard.Console.Errors;

/// <summary>The whitelist service's codes: providers, items and prices, credit, terminals, care workers.</summary>
internal static class WhitelistErrors
{
    public static readonly IReadOnlyDictionary<string, string> Sentences = new Dictionary<string, string>
    {
        ["invalid_unified_code"] = "统一社会信用代码应为 18 位且校验正确，请逐位核对营业执照上的代码。",
        ["override_not_allowed"] = "只有民政局可以录入未通过校验的早期试点代码。",
        ["provider_code_taken"] = "该统一社会信用代码已登记过，请在服务商列表中查找。",
        ["provider_id_taken"] = "该服务商已登记过，请在服务商列表中查找。",
        ["invalid_provider_type"] = "请从列表中选择服务商类型。",
        ["invalid_township"] = "乡镇（街道）代码应为 9 位数字，且前 6 位是服务商所在区县的代码。",
        ["invalid_admission_route"] = "请选择准入方式：政府购买服务或项目合作。",
        ["contract_end_before_start"] = "合同结束日期不能早于开始日期。",
        ["contract_ended"] = "该服务商的合同已到期，请先续签合同再纳入白名单。",
        ["not_whitelisted"] = "该服务商尚未纳入白名单，不能暂停或退出；请先审核纳入。",
        ["already_whitelisted"] = "该服务商已在白名单中。",
        ["already_suspended"] = "该服务商已暂停服务。",
        ["provider_exited"] = "该服务商已退出白名单，不能再修改。",
        ["provider_suspended"] = "该服务商已暂停服务。",
        ["price_above_standard"] = "「{0}」高于本县最高限价，请降到限价以内后再保存。",
        ["item_not_in_standard"] = "该服务项目不在本县价格标准中，请先在价格标准中添加。",
        ["invalid_price"] = "价格应为大于 0 的金额。",
        ["invalid_discount"] = "持卡优惠应为 0 到 100 之间的整数（百分比）。",
        ["duplicate_item"] = "同一服务项目出现了两次，请合并为一行。",
        ["effective_from_in_past"] = "生效日期不能早于今天。",
        ["invalid_item_code"] = "项目代码应为小写字母、数字或下划线（2 到 32 位，以字母开头）。",
        ["invalid_ceiling"] = "最高限价应为大于 0 的金额。",
        ["too_few_items"] = "请至少列出一个服务项目。",
        ["too_many_items"] = "服务项目太多，请分批设置。",
        ["invalid_credit_event_type"] = "请选择信用事件类型：投诉、检查不合格、表扬等。",
        ["invalid_points"] = "分值应为 1 到 100 的整数。",
        ["invalid_credit_band"] = "信用等级只能是 A、B、C、D。",
        ["terminal_id_taken"] = "该终端编号已被使用，请换一个编号或留空由系统生成。",
        ["terminal_already_disabled"] = "该终端已停用。",
        ["terminal_disabled"] = "该终端已停用，不能再发放激活码；如需使用请登记新终端。",
        ["invalid_terminal_id"] = "终端编号格式有误（字母和数字，最多 32 位）。",
        ["invalid_latitude"] = "纬度应在 -90 到 90 之间。",
        ["invalid_longitude"] = "经度应在 -180 到 180 之间。",
        ["incomplete_location"] = "经度和纬度需同时填写。",
        ["invalid_opening_hours"] = "营业时间格式有误，请按 时:分 填写。",
        ["incomplete_opening_hours"] = "开门和关门时间需同时填写。",
        ["certificate_expired"] = "护理员证书已过有效期，不能登记；请先更新证书。",
        ["certificate_taken"] = "该证书编号已登记过，请核对。",
        ["invalid_certificate_level"] = "请选择证书等级。",
        ["invalid_minimum_visit_minutes"] = "上门服务的最短时长应为 1 到 480 分钟，且只有上门服务项目才能设置。",
    };
}
