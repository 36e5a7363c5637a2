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

    /// <summary>Village A's township, where the demo's providers are placed (ADR 0044).</summary>
    public const string TownshipA = "330903001";
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

    // Birth dates for the age bands the rules read (65, 70, 80+); Young is under 60 and gets no card.
    internal static readonly DateOnly Old = new(1940, 3, 15); // 80+: advanced age (高龄)
    internal static readonly DateOnly Seventy = new(1954, 6, 1);
    internal static readonly DateOnly SixtyFive = new(1960, 9, 9);
    internal static readonly DateOnly Young = new(1970, 1, 20); // under 60: no card

    public static IReadOnlyList<DemoElder> Elders { get; } = DemoHomeElders.Build();

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
}
