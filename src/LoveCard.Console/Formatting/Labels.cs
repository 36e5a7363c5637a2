namespace LoveCard.Console.Formatting;

/// <summary>
/// The Chinese word for each code the services answer (statuses, categories, items, reasons), so no
/// English code reaches a screen. An unknown code is shown as it is rather than hidden.
/// </summary>
public static class Labels
{
    public static string Category(int? category) =>
        category switch
        {
            1 => "一类",
            2 => "二类",
            3 => "三类",
            _ => "无资格",
        };

    public static string Item(string? item) => Pick(item, ItemNames);

    public static readonly IReadOnlyDictionary<string, string> ItemNames = new Dictionary<string, string>
    {
        ["meal"] = "助餐",
        ["bath"] = "助浴",
        ["cleaning"] = "助洁",
        ["mobility"] = "助行",
        ["medical"] = "助医",
        ["emergency"] = "助急",
        ["chat"] = "助聊",
        ["learning"] = "助学",
    };

    public static string CardStatus(string? status) =>
        From(
            status,
            new()
            {
                ["pending_consent"] = "待同意",
                ["active"] = "正常",
                ["suspended"] = "停用",
                ["revoked"] = "已注销",
            }
        );

    public static string CardReason(string? reason) => Pick(reason, CardReasons);

    public static readonly IReadOnlyDictionary<string, string> CardReasons = new Dictionary<string, string>
    {
        ["lost"] = "挂失",
        ["dispute"] = "存在争议",
        ["moved_away"] = "迁出本县",
        ["other"] = "其他",
        ["consent_withdrawn"] = "撤回同意",
        ["not_eligible"] = "不再符合条件",
        ["death"] = "死亡",
        ["deceased"] = "死亡",
        ["left_programme"] = "退出项目",
    };

    public static string CardChange(string? change) =>
        From(
            change,
            new()
            {
                ["provisioned"] = "制卡",
                ["activated"] = "激活",
                ["suspended"] = "停用",
                ["resumed"] = "恢复",
                ["replaced"] = "补办",
                ["revoked"] = "注销",
                ["modules_changed"] = "调整功能",
                ["face_bound"] = "绑定人脸",
                ["holder_changed"] = "持卡人信息变更",
            }
        );

    public static string Module(string? module) =>
        From(
            module,
            new()
            {
                ["elder"] = "老年卡",
                ["preferential_care"] = "优抚卡",
                ["bus"] = "公交卡",
            }
        );

    public static string Hardship(string? hardship) =>
        From(
            hardship,
            new()
            {
                ["none"] = "无",
                ["dibao"] = "低保",
                ["marginal"] = "低保边缘",
                ["extreme_poverty"] = "特困",
            }
        );

    public static string Situation(string? situation) => Pick(situation, Situations);

    public static readonly IReadOnlyDictionary<string, string> Situations = new Dictionary<string, string>
    {
        ["alone"] = "独居",
        ["empty_nest"] = "空巢",
        ["left_behind"] = "留守",
        ["severe_disability"] = "重残",
        ["special_family_planning"] = "计生特殊家庭",
    };

    /// <summary>Why an elder is in a category: <c>hardship:dibao</c> → 低保; <c>ability&gt;=1</c> →
    /// 失能（能力等级≥1）.</summary>
    public static string ClassificationReason(string reason)
    {
        if (reason.StartsWith("hardship:", StringComparison.Ordinal))
        {
            return "经济困难：" + Hardship(reason["hardship:".Length..]);
        }

        if (reason.StartsWith("ability>=", StringComparison.Ordinal))
        {
            return $"失能（能力等级≥{reason["ability>=".Length..]}）";
        }

        return From(
            reason,
            new()
            {
                ["local"] = "本省户籍",
                ["non_local"] = "非本省户籍（常住）",
                ["under_60"] = "未满 60 周岁",
                ["non_local_not_allowed"] = "本县不接纳非本省户籍",
                ["advanced_age"] = "高龄",
                ["dementia"] = "失智",
                ["assessment_expired"] = "能力评估已过期",
                ["deceased"] = "已故",
            }
        );
    }

    public static string ProviderType(string? type) => Pick(type, ProviderTypes);

    public static readonly IReadOnlyDictionary<string, string> ProviderTypes = new Dictionary<string, string>
    {
        ["care_institution"] = "养老机构",
        ["housekeeping"] = "家政企业",
        ["medical"] = "医疗机构",
        ["social_organisation"] = "社会组织",
        ["meal_firm"] = "老年助餐企业",
        ["discount_merchant"] = "优惠商户",
    };

    public static string ProviderStatus(string? status) =>
        From(
            status,
            new()
            {
                ["applied"] = "待审核",
                ["whitelisted"] = "白名单",
                ["suspended"] = "暂停",
                ["exited"] = "已退出",
            }
        );

    public static string AdmissionRoute(string? route) =>
        From(route, new() { ["government_purchase"] = "政府购买服务", ["project_cooperation"] = "项目合作" });

    public static string Source(string? source) =>
        From(
            source,
            new()
            {
                ["fiscal"] = "财政",
                ["collective"] = "村集体",
                ["charity"] = "慈善",
                ["family"] = "家庭自付",
            }
        );

    public static string CreditEvent(string? type) =>
        From(
            type,
            new()
            {
                ["complaint"] = "投诉",
                ["failed_inspection"] = "检查不合格",
                ["settlement_anomaly"] = "结算异常",
                ["commendation"] = "表扬",
                ["anomaly_dismissed"] = "异常撤销（返还分值）",
            }
        );

    public static string AnomalyRule(string? rule) => Pick(rule, AnomalyRules);

    public static readonly IReadOnlyDictionary<string, string> AnomalyRules = new Dictionary<string, string>
    {
        ["impossible_travel"] = "异地速刷",
        ["meals_per_day"] = "超量用餐",
        ["after_death"] = "身故后消费",
        ["price_at_ceiling"] = "价格贴近限价",
        ["volume_jump"] = "交易量突增",
        ["split_purchases"] = "拆单消费",
        ["outside_hours"] = "非营业时间交易",
        ["during_absence"] = "住院/外出期间消费",
        ["card_burst"] = "集中刷卡",
        ["late_report"] = "延迟上报",
        ["no_visit_proof"] = "上门服务无到访凭证",
    };

    public static string Status(string? status) =>
        From(
            status,
            new()
            {
                ["open"] = "待处理",
                ["confirmed"] = "已确认",
                ["dismissed"] = "已撤销",
                ["proposed"] = "待审批",
                ["approved"] = "已审批",
                ["published"] = "已发布",
                ["accepted"] = "已采纳",
                ["rejected"] = "已驳回",
                ["instructed"] = "待支付",
                ["to_be_paid"] = "待支付",
                ["paid"] = "已支付",
                ["failed"] = "支付失败",
                ["queued"] = "排队中",
                ["running"] = "导入中",
                ["succeeded"] = "已完成",
                ["pending"] = "待处理",
            }
        );

    public static string PostingKind(string? kind) =>
        From(
            kind,
            new()
            {
                ["top_up"] = "充值",
                ["purchase"] = "消费补助",
                ["void"] = "撤销退回",
                ["refund"] = "退款退回",
                ["correction"] = "争议更正",
                ["recovery"] = "追回",
                ["allocation"] = "慈善分配",
            }
        );

    /// <summary><c>fund:330903:collective:330903001001</c> → 村集体（330903001001）.</summary>
    public static string Account(string accountId)
    {
        var parts = accountId.Split(':');
        return parts.Length >= 3 && parts[0] == "fund"
            ? Source(parts[2]) + (parts.Length > 3 ? $"（{parts[3]}）" : "")
            : accountId;
    }

    /// <summary>
    /// An integration event's name in the audit trail: <c>LoveCard.Contracts.Cards.CardSuspended</c> → 卡片停用.
    /// </summary>
    public static string EventType(string type) => Pick(type[(type.LastIndexOf('.') + 1)..], EventTypes);

    private static readonly IReadOnlyDictionary<string, string> EventTypes = new Dictionary<string, string>
    {
        ["CardProvisioned"] = "制卡",
        ["CardActivated"] = "卡片激活",
        ["CardSuspended"] = "卡片停用",
        ["CardResumed"] = "卡片恢复",
        ["CardReplaced"] = "卡片补办",
        ["CardRevoked"] = "卡片注销",
        ["CardModulesChanged"] = "卡片功能调整",
        ["CardFaceBound"] = "绑定人脸",
        ["CardHolderChanged"] = "持卡人信息变更",
        ["QrSigningKeyPublished"] = "二维码密钥发布",
        ["ElderRegistered"] = "老人登记",
        ["ElderClassified"] = "类别认定",
        ["CountySettingsChanged"] = "县级设置变更",
        ["SubsidyPolicyPublished"] = "补助政策发布",
        ["ProviderWhitelisted"] = "服务商纳入白名单",
        ["ProviderSuspended"] = "服务商暂停",
        ["ProviderExited"] = "服务商退出",
        ["ProviderItemsChanged"] = "服务项目价格变更",
        ["PriceStandardChanged"] = "最高限价变更",
        ["TerminalRegistered"] = "终端登记",
        ["TerminalDisabled"] = "终端停用",
        ["CareWorkerRegistered"] = "护理员登记",
        ["PurchaseSettled"] = "消费结算",
        ["PurchaseReversed"] = "撤销/退款",
        ["AnomalyRaised"] = "发现异常",
        ["FundLow"] = "资金不足预警",
        ["FundTopUpApproved"] = "充值入账",
        ["CharityAllocationApproved"] = "慈善基金分配入账",
        ["CharityWeightsChanged"] = "慈善基金分配权重调整",
        ["BudgetLinesChanged"] = "财政预算科目调整",
        ["PeriodClosed"] = "月度关账",
        ["PayoutPaid"] = "结算款支付登记",
        ["DisputeOpened"] = "提出争议",
        ["DisputeResolved"] = "争议处理",
        ["ElderAbsenceRecorded"] = "外出住院登记",
        ["AccountCreated"] = "账号创建",
        ["AccountRoleChanged"] = "账号角色变更",
        ["AccountDisabled"] = "账号停用",
        ["AgentLinked"] = "代办人关联",
    };

    public static string AbsenceKind(string? kind) => From(kind, new() { ["hospital"] = "住院", ["away"] = "外出" });

    public static string LineKind(string? kind) =>
        From(
            kind,
            new()
            {
                ["purchase"] = "消费",
                ["void"] = "撤销",
                ["refund"] = "退款",
                ["correction"] = "争议更正",
                ["recovery"] = "追回",
            }
        );

    public static string Outcome(string? outcome) =>
        From(
            outcome,
            new()
            {
                ["matched"] = "一致",
                ["missing_in_lovecard"] = "平台无此笔",
                ["missing_in_provider"] = "服务商未列",
                ["amount_differs"] = "金额不一致",
            }
        );

    public static string Sex(string? sex) =>
        From(
            sex,
            new()
            {
                ["male"] = "男",
                ["female"] = "女",
                ["M"] = "男",
                ["F"] = "女",
            }
        );

    public static string Channel(string? channel) =>
        From(channel, new() { ["online"] = "线上", ["offline_assisted"] = "线下协助" });

    public static string Role(string? role) =>
        From(
            role,
            new()
            {
                ["province"] = "省民政厅",
                ["bureau"] = "县民政局",
                ["auditor"] = "审计监督",
                ["operator"] = "呼叫中心",
                ["provider"] = "服务商",
                ["elder"] = "老人",
                ["agent"] = "代办人",
            }
        );

    private static string Pick(string? code, IReadOnlyDictionary<string, string> names) =>
        code is null ? "—"
        : names.TryGetValue(code, out var name) ? name
        : code;

    private static string From(string? code, Dictionary<string, string> names) => Pick(code, names);
}
