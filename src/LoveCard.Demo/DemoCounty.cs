using System.Globalization;
using System.Text;
using LoveCard.Demo.Codes;

namespace LoveCard.Demo;

/// <summary>
/// The demo county (330903) and its neighbour (330902, for cross-county use under the one-card
/// network): roster, providers, price ceilings and the money put into the funds. Fixed data, so
/// docs/terminal-sandbox.md can list the cards and what each one shows.
/// </summary>
public sealed class DemoCounty
{
    public const string Home = "330903";
    public const string Neighbour = "330902";
    public const string VillageA = "330903001001";
    public const string VillageB = "330903002001";
    public const string NeighbourVillage = "330902001001";

    /// <summary>The face id a terminal would get back from the provincial face platform for card D09030002.</summary>
    public const string DemoFaceId = "FACE-DEMO-330903-0002";

    public const string MealTerminal = "T330903MEAL01";
    public const string BathTerminal = "T330903BATH01";
    public const string CleaningTerminal = "T330903CLEAN01";

    // Cards with a role in the sandbox (docs/terminal-sandbox.md).
    public const string Category1Card = "D09030001";
    public const string FaceCard = "D09030002";
    public const string OverCapCard = "D09030003";
    public const string QrCard = "D09030004";
    public const string Category2Card = "D09030005";
    public const string SuspendedCard = "D09030006";
    public const string ReplacedCard = "D09030007";
    public const string PendingConsentCard = "D09030008";
    public const string Category3Card = "D09030009";
    public const string NonLocalCard = "D09030010";
    public const string NeighbourCategory1Card = "D09020001";

    private static readonly DateOnly Old = new(1940, 3, 15); // 80+: advanced age (高龄)
    private static readonly DateOnly Seventy = new(1954, 6, 1);
    private static readonly DateOnly SixtyFive = new(1960, 9, 9);
    private static readonly DateOnly Young = new(1970, 1, 20); // under 60: no card

    public static IReadOnlyList<DemoElder> Elders { get; } = BuildHome();

    public static IReadOnlyList<DemoElder> NeighbourElders { get; } =
    [
        new(
            "D09020001",
            "周桂兰",
            Old,
            12,
            "33",
            NeighbourVillage,
            "dibao",
            null,
            false,
            [],
            1,
            ConsentBy.ElderOnline,
            "cross-county category 1: home county 330902 pays"
        ),
        new(
            "D09020002",
            "吴建国",
            Old.AddYears(1),
            13,
            "33",
            NeighbourVillage,
            "none",
            null,
            false,
            [],
            2,
            ConsentBy.ElderOnline,
            "cross-county category 2"
        ),
        new(
            "D09020003",
            "郑小梅",
            SixtyFive,
            14,
            "33",
            NeighbourVillage,
            "none",
            null,
            false,
            [],
            3,
            ConsentBy.ElderOnline,
            "cross-county category 3"
        ),
    ];

    public static IReadOnlyList<DemoProvider> Providers { get; } =
    [
        new(
            10000001,
            "幸福食堂（演示助餐点）",
            "meal_firm",
            MealTerminal,
            "demo-canteen-pos",
            [new("meal", 1500, 0)],
            ["陈美玲"]
        ),
        new(
            10000002,
            "康乐养老院（演示养老机构）",
            "care_institution",
            BathTerminal,
            "demo-bath-pos",
            [new("bath", 5000, 0), new("meal", 1800, 10), new("chat", 800, 0)],
            ["林国庆", "何秀英"]
        ),
        new(
            10000003,
            "安心家政（演示家政企业）",
            "housekeeping",
            CleaningTerminal,
            "demo-home-service-handheld",
            [new("cleaning", 4000, 5), new("mobility", 2500, 0)],
            ["徐志强"]
        ),
    ];

    /// <summary>Price ceilings (最高限价) of the county's standard, fen per unit.</summary>
    public static IReadOnlyList<(string Item, string Unit, long CeilingFen)> PriceStandards { get; } =
    [
        ("meal", "餐", 2000),
        ("bath", "次", 6000),
        ("cleaning", "次", 5000),
        ("mobility", "次", 3000),
        ("medical", "次", 5000),
        ("emergency", "次", 10000),
        ("chat", "次", 1000),
        ("learning", "次", 1000),
    ];

    /// <summary>What each fund gets (fen): fiscal and charity per county, collective per village used.</summary>
    public static IReadOnlyList<(string County, string Source, string? Village, long AmountFen)> TopUps { get; } =
    [
        (Home, "fiscal", null, 5_000_000),
        (Home, "collective", VillageA, 1_000_000),
        (Home, "collective", VillageB, 1_000_000),
        (Home, "charity", null, 500_000),
        (Neighbour, "fiscal", null, 1_000_000),
        (Neighbour, "collective", NeighbourVillage, 300_000),
        (Neighbour, "charity", null, 100_000),
    ];

    private static IReadOnlyList<DemoElder> BuildHome()
    {
        var elders = new List<DemoElder>
        {
            new(
                Category1Card,
                "王秀华",
                Old,
                1,
                "33",
                VillageA,
                "dibao",
                null,
                false,
                ["alone"],
                1,
                ConsentBy.ElderOnline,
                "category 1: subsidy covers a meal in full"
            ),
            new(
                FaceCard,
                "李德明",
                Seventy,
                3,
                "33",
                VillageA,
                "marginal",
                50,
                false,
                [],
                1,
                ConsentBy.Agent,
                "category 1 by disability; face id bound"
            ),
            new(
                OverCapCard,
                "张桂芳",
                Old.AddYears(-2),
                4,
                "33",
                VillageA,
                "extreme_poverty",
                null,
                false,
                ["empty_nest"],
                1,
                ConsentBy.ElderOffline,
                "category 1 whose monthly caps are used up: the family pays all"
            ),
            new(
                QrCard,
                "刘长生",
                Old.AddYears(2),
                5,
                "33",
                VillageB,
                "dibao",
                null,
                false,
                [],
                1,
                ConsentBy.ElderOnline,
                "category 1, for QR codes"
            ),
            new(
                Category2Card,
                "陈玉兰",
                Old.AddYears(1),
                6,
                "33",
                VillageA,
                "none",
                null,
                false,
                [],
                2,
                ConsentBy.ElderOnline,
                "category 2: partial subsidy"
            ),
            new(
                SuspendedCard,
                "杨文斌",
                Seventy,
                7,
                "33",
                VillageA,
                "none",
                60,
                false,
                [],
                2,
                ConsentBy.ElderOnline,
                "category 2, card suspended (lost): card_suspended"
            ),
            new(
                ReplacedCard,
                "黄淑珍",
                Old,
                8,
                "33",
                VillageB,
                "none",
                null,
                false,
                [],
                2,
                ConsentBy.Agent,
                "category 2, card replaced: the old number declines card_replaced"
            ),
            new(
                PendingConsentCard,
                "赵永福",
                Seventy,
                9,
                "33",
                VillageB,
                "none",
                null,
                true,
                [],
                2,
                ConsentBy.None,
                "category 2 (dementia), no consent yet: card_pending_consent"
            ),
            new(
                Category3Card,
                "孙丽娟",
                SixtyFive,
                10,
                "33",
                VillageA,
                "none",
                null,
                false,
                [],
                3,
                ConsentBy.ElderOnline,
                "category 3: the family pays all"
            ),
            new(
                NonLocalCard,
                "马建华",
                SixtyFive.AddYears(-3),
                11,
                "32",
                VillageB,
                "none",
                null,
                false,
                [],
                3,
                ConsentBy.ElderOnline,
                "non-local resident (hukou Jiangsu): category 3"
            ),
            new(
                "D09030011",
                "钱小红",
                Young,
                20,
                "33",
                VillageA,
                "none",
                null,
                false,
                [],
                null,
                ConsentBy.None,
                "under 60: no card"
            ),
            new(
                "D09030012",
                "冯志刚",
                Young.AddYears(2),
                21,
                "33",
                VillageB,
                "dibao",
                null,
                false,
                [],
                null,
                ConsentBy.None,
                "under 60: no card"
            ),
        };

        // Eighteen more, spread over the three categories and both villages, a third consented by an agent.
        string[] surnames =
        [
            "朱",
            "胡",
            "高",
            "林",
            "何",
            "郭",
            "罗",
            "梁",
            "宋",
            "谢",
            "韩",
            "唐",
            "冯",
            "于",
            "董",
            "萧",
            "程",
            "曹",
        ];
        for (var i = 0; i < 18; i++)
        {
            var n = 13 + i;
            var category = i % 3 + 1;
            var (birth, hardship) = category switch
            {
                1 => (Old.AddYears(i % 4), i % 2 == 0 ? "dibao" : "marginal"),
                2 => (Old.AddYears(i % 4), "none"),
                _ => (SixtyFive.AddYears(-(i % 5)), "none"),
            };
            elders.Add(
                new DemoElder(
                    $"D0903{n.ToString("0000", CultureInfo.InvariantCulture)}",
                    $"{surnames[i]}{(i % 2 == 0 ? "秀英" : "国强")}",
                    birth,
                    30 + i,
                    "33",
                    i % 2 == 0 ? VillageA : VillageB,
                    hardship,
                    null,
                    false,
                    [],
                    category,
                    i % 3 == 0 ? ConsentBy.Agent
                        : i % 3 == 1 ? ConsentBy.ElderOnline
                        : ConsentBy.ElderOffline,
                    $"category {category}"
                )
            );
        }

        return elders;
    }

    /// <summary>The roster CSV (docs/services/eligibility.md "Roster file") for a county.</summary>
    public static byte[] RosterCsv(string county, IEnumerable<DemoElder> elders)
    {
        var csv = new StringBuilder(
            "id_number,name,hukou_province,home_county,village_code,phone,hardship,ability_score,assessment_date,dementia,special_situations,social_security_card_number\n"
        );
        // An assessment a month old: recent enough to count (assessmentValidMonths = 12).
        var assessed = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1);
        var assessedOn = new DateOnly(assessed.Year, assessed.Month, 1).ToString(
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture
        );
        var i = 0;
        foreach (var e in elders)
        {
            i++;
            csv.Append(e.IdNumber(county))
                .Append(',')
                .Append(e.Name)
                .Append(',')
                .Append(e.HukouProvince)
                .Append(',')
                .Append(county)
                .Append(',')
                .Append(e.Village)
                .Append(',')
                .Append($"1380000{i:0000}")
                .Append(',')
                .Append(e.Hardship)
                .Append(',')
                .Append(e.AbilityScore?.ToString(CultureInfo.InvariantCulture) ?? "")
                .Append(',')
                .Append(e.AbilityScore is null ? "" : assessedOn)
                .Append(',')
                .Append(e.Dementia ? "true" : "false")
                .Append(',')
                .Append(string.Join(';', e.SpecialSituations))
                .Append(',')
                .Append(e.CardNumber)
                .Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A valid ID for an agent (代办人), e.g. the elder's daughter.</summary>
    public static string AgentIdNumber(string county, int n) =>
        ResidentIds.Make(county, new DateOnly(1975, 5, 5), 500 + n);
}
