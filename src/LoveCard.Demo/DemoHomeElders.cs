using System.Globalization;
using static LoveCard.Demo.DemoCounty;

namespace LoveCard.Demo;

/// <summary>
/// The demo county's elders: the cards with a role in the sandbox (docs/terminal-sandbox.md), then a crowd of
/// ordinary ones across the three categories and both villages.
/// </summary>
internal static class DemoHomeElders
{
    public static IReadOnlyList<DemoElder> Build()
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
}
