using AntDesign;
using LoveCard.Console.Auth;

namespace LoveCard.Console.Workspaces;

/// <summary>
/// The menu each role sees (issue 16: a county bureau's, a provider's and the province's working
/// day). Pages a role may not use are not offered at all: an auditor gets no import, approval or
/// any other page whose purpose is to change something.
/// </summary>
public static class NavModel
{
    public static IReadOnlyList<NavEntry> For(Person me)
    {
        if (me.IsProvider)
        {
            return Provider;
        }

        if (me.IsAreaOfficial)
        {
            return Area;
        }

        var entries = new List<NavEntry>();
        if (me.IsProvince || (me.IsAuditor && me.County is null))
        {
            entries.Add(new("prov", "全省概览", "/province", IconType.Outline.Global));
            entries.Add(new("public", "数据晾晒", "/public-stats", IconType.Outline.BarChart));
            entries.Add(new("chain", "审计链", "/audit/chain", IconType.Outline.Safety));
        }

        entries.Add(new("home", me.IsProvince ? "县级工作台" : "工作台", "/", IconType.Outline.Dashboard));
        entries.Add(
            Group(
                "people",
                "老人与爱心卡",
                IconType.Outline.Team,
                me.MayDecide ? new("elders", "老人名册", "/elders") : null,
                me.MayDecide ? new("imports", "名册导入", "/imports") : null,
                new("cards", "爱心卡管理", "/cards")
            )
        );
        entries.Add(
            Group(
                "providers",
                "服务商",
                IconType.Outline.Shop,
                new("provider-list", "服务商白名单", "/providers"),
                new("standards", "价格标准", "/price-standards")
            )
        );
        if (me.IsOperator)
        {
            return entries;
        }

        entries.Add(
            Group(
                "money",
                "资金与政策",
                IconType.Outline.Wallet,
                new("funds", "资金账户", "/funds"),
                new("policies", "补助政策", "/policies"),
                me.MayDecide ? new("approvals", "待我审批", "/approvals") : null
            )
        );
        entries.Add(
            Group(
                "supervision",
                "监督管理",
                IconType.Outline.Alert,
                new("anomalies", "异常监测", "/anomalies"),
                new("absences", "外出与住院", "/absences"),
                new("audit", "审计日志", "/audit")
            )
        );
        entries.Add(
            Group(
                "settle",
                "结算对账",
                IconType.Outline.Calculator,
                new("statements", "对账单与汇总", "/statements"),
                new("disputes", "争议处理", "/disputes"),
                new("clearing", "月度清算", "/clearing")
            )
        );
        return entries;
    }

    /// <summary>Every page a role's menu offers, groups flattened (for tests and the docs).</summary>
    public static IEnumerable<NavEntry> Pages(Person me) => For(me).SelectMany(e => e.IsGroup ? e.Children! : [e]);

    private static NavEntry Group(string key, string label, string icon, params NavEntry?[] children) =>
        new(key, label, null, icon, children.OfType<NavEntry>().ToArray());

    /// <summary>A township or village official's pages (ADR 0044): its area, read only, nothing about money.</summary>
    private static readonly IReadOnlyList<NavEntry> Area =
    [
        new("a-home", "辖区工作台", "/area", IconType.Outline.Dashboard),
        new("a-visits", "走访关爱名单", "/area/visiting-care", IconType.Outline.Team),
        new("a-providers", "辖区服务商", "/area/providers", IconType.Outline.Shop),
        new("a-anomalies", "服务商异常", "/area/anomalies", IconType.Outline.Alert),
    ];

    private static readonly IReadOnlyList<NavEntry> Provider =
    [
        new("p-home", "工作台", "/provider", IconType.Outline.Dashboard),
        new("p-statement", "月度对账单", "/provider/statement", IconType.Outline.FileText),
        new("p-reconcile", "上传对账", "/provider/reconcile", IconType.Outline.Diff),
        new("p-disputes", "争议申诉", "/provider/disputes", IconType.Outline.Message),
        new("p-payouts", "结算款", "/provider/payouts", IconType.Outline.PayCircle),
        new("p-items", "服务项目与价格", "/provider/items", IconType.Outline.Tags),
        new("p-terminals", "结算终端", "/provider/terminals", IconType.Outline.Desktop),
        new("p-care", "护理员", "/provider/care-workers", IconType.Outline.Team),
        new("p-credit", "信用评价", "/provider/credit", IconType.Outline.SafetyCertificate),
    ];
}
