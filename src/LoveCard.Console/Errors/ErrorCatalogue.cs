using System.Collections.Frozen;

namespace LoveCard.Console.Errors;

/// <summary>
/// Every stable English <c>code</c> the services answer, as a Chinese sentence that says what to do
/// (issue 16). A test reads the services' sources and fails on a code missing here. <c>{0}</c> is
/// replaced by the field's Chinese name (<see cref="FieldNames"/>) where the code is about a field.
/// </summary>
public static class ErrorCatalogue
{
    public static string Describe(string? code, string? field = null)
    {
        var label = FieldNames.Of(field);
        if (code is not null && Sentences.TryGetValue(code, out var sentence))
        {
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence, label);
        }

        return "操作未能完成，请稍后重试；如果问题持续，请把页面右上角的时间和操作步骤告知运维人员。";
    }

    public static bool Knows(string code) => Sentences.ContainsKey(code);

    public static IEnumerable<string> Codes => Sentences.Keys;

    private static readonly FrozenDictionary<string, string> Sentences = new Dictionary<string, string>
    {
        // Any service: the request as a whole.
        ["required"] = "请填写「{0}」后再提交。",
        ["too_long"] = "「{0}」太长，请删减后再提交。",
        ["too_short"] = "「{0}」太短，请补充完整。",
        ["out_of_range"] = "「{0}」超出允许范围，请检查数值。",
        ["not_allowed"] = "此处不能填写「{0}」，请清空后再提交。",
        ["forbidden"] = "您的账号没有这项操作的权限；如需办理，请联系本县民政局管理员。",
        ["not_found"] = "没有找到这条记录：它可能不属于您的辖区，或已被删除。请返回列表重新查找。",
        ["conflict"] = "这条记录刚被其他人修改，请刷新页面后再操作。",
        ["invalid_json"] = "提交的内容格式有误，请刷新页面后重新填写。",
        ["invalid_request"] = "请求不完整，请刷新页面后重试。",
        ["invalid_text"] = "「{0}」含有无法保存的字符，请删除特殊字符后再提交。",
        ["body_too_large"] = "上传的内容超过了允许的大小，请拆分后分批提交。",
        ["rate_limited"] = "操作过于频繁，请稍等几秒再试。",
        ["database_unavailable"] = "系统正忙（数据库暂时无法连接），请几秒后重试，已填写的内容不会丢失。",
        ["internal_error"] = "系统内部出错，请稍后重试；如果问题持续，请联系运维人员。",
        ["client_closed_request"] = "连接中断，请检查网络后重试。",
        ["unsupported_media_type"] = "文件类型不受支持，请上传 CSV 或 XLSX 文件。",
        ["method_not_allowed"] = "这项操作不被允许，请刷新页面后重试。",
        ["invalid_page"] = "页码有误，请回到第一页。",
        ["invalid_page_size"] = "每页条数有误，请选择列表下方提供的条数。",
        ["unknown_parameter"] = "查询条件「{0}」不被接受，请刷新页面后重试。",
        ["invalid_sort"] = "不能按「{0}」排序，请点击表头重新选择排序。",
        ["invalid_format"] = "不支持这种导出格式，请选择 CSV 或 XLSX。",
        ["invalid_headers"] = "表头参数有误：默认中文表头，程序读取请用 headers=codes。",
        ["invalid_csv"] = "文件不是可读的 CSV，请用 Excel 另存为 CSV 或 XLSX 后重新上传。",
        ["invalid_county"] = "区县代码应为 6 位数字（例如 330903），请检查「{0}」。",
        ["unknown_county"] = "这个区县代码不在全省县级行政区划登记表中，请核对代码。",
        ["invalid_date"] = "日期格式有误，请按 年-月-日 选择日期。",
        ["invalid_month"] = "月份格式有误，请按 年-月 选择月份。",
        ["invalid_period"] = "账期格式有误，请按 年-月 选择账期。",
        ["period_or_date"] = "请选择账期（月份）或某一天，二者选其一。",
        ["invalid_instant"] = "时间格式有误，请重新选择日期和时间。",
        ["invalid_status"] = "所选状态无效，请从下拉列表中选择。",
        ["invalid_reason"] = "请从列表中选择原因。",
        ["reason_required"] = "请填写原因（最多 500 字），该原因会记入审计记录。",
        ["note_required"] = "请填写说明，写清楚发生了什么。",
        ["in_future"] = "「{0}」不能晚于现在，请检查时间。",
        ["idempotency_key_missing"] = "提交缺少防重复编号，请刷新页面后重新提交。",
        ["idempotency_key_reused"] = "同一笔申请已用不同内容提交过；如要新建，请刷新页面后重新填写。",
        ["idempotency_key_invalid"] = "防重复编号无效，请刷新页面后重新提交。",
        ["idempotency_conflict"] = "同一笔申请正在处理，请稍候刷新查看结果。",

        // Cards.
        ["card_revoked"] = "该卡已注销，不能再办理任何业务；如老人仍需用卡，请重新核定资格。",
        ["card_not_suspended"] = "该卡当前未挂失停用，无需恢复。",
        ["card_already_suspended"] = "该卡已处于停用状态，无需重复停用。",
        ["card_already_active"] = "该卡已激活，无需再次登记同意。",
        ["card_suspended"] = "该卡已停用，请先恢复后再办理。",
        ["card_pending_consent"] = "该卡尚未登记本人或代办人同意，请先办理同意登记。",
        ["consent_required"] = "该卡因撤回同意而停用：请重新登记同意，卡片即可恢复。",
        ["not_eligible"] = "老人目前不符合享受条件，不能恢复或激活此卡；请先核实老人信息。",
        ["card_number_taken"] = "这个卡号以前发放过（卡号永不重复使用），请核对新社保卡号，或留空由系统生成。",
        ["card_changed"] = "该卡刚被其他人修改，请刷新后再操作。",
        ["card_replaced"] = "这是补办前的旧卡号，已失效；请使用新卡号。",
        ["card_unknown"] = "查无此卡号，请核对后重新输入。",
        ["face_already_bound"] = "这张人脸已绑定到另一张卡，请核实身份。",
        ["face_already_bound_to_this_card"] = "这张人脸已绑定在本卡上，无需重复绑定。",
        ["invalid_face_id"] = "人脸编号格式有误，请重新采集。",
        ["invalid_card_number"] = "卡号应为 9 位大写字母或数字，请核对「{0}」。",
        ["invalid_module"] = "卡片功能只能选择：老年卡、优抚卡、公交卡。",
        ["invalid_given_by"] = "请选择由本人还是代办人表示同意。",
        ["given_by_mismatch"] = "老人本人只能以本人身份同意，代办人只能以代办人身份同意。",
        ["invalid_channel"] = "请选择办理渠道：线上或线下协助办理。",
        ["place_required"] = "线下协助办理需要填写办理地点。",
        ["agent_required"] = "代办人同意需要填写代办人的姓名、身份证号、与老人关系和电话。",
        ["invalid_id_number"] = "身份证号应为 18 位且校验位正确，请核对「{0}」。",
        ["invalid_relation"] = "请填写代办人与老人的关系（如儿子、女儿、配偶、监护人）。",
        ["invalid_phone"] = "电话号码格式有误，请填写 7 到 20 位数字。",
        ["invalid_name"] = "姓名应为 1 到 50 个字，请核对「{0}」。",
        ["qr_keys_from_configuration"] = "二维码密钥由配置文件提供，不能在此轮换；请联系运维人员。",
    }
        .Concat(EligibilityErrors.Sentences)
        .Concat(WhitelistErrors.Sentences)
        .Concat(SettlementErrors.Sentences)
        .ToFrozenDictionary();
}
