using System.Globalization;

namespace LoveCard.Demo;

/// <summary>The county's rules before anyone buys: whitelist's price standards and one subsidy policy change.</summary>
internal sealed class CountyRulesSeed(SeedContext seed)
{
    public const string PolicyReason = "演示：二类老人助餐财政补助提高到 40%";

    public async Task PriceStandardsAsync(CancellationToken ct)
    {
        const string step = "set the county price standards";
        var view = await seed.Whitelist.CallAsync(
            step,
            HttpMethod.Get,
            $"/api/counties/{DemoCounty.Home}/price-standards",
            seed.Maker(DemoCounty.Home),
            ct: ct
        );
        var inForce = view["inForce"]
            ?["items"]?.AsArray()
            .Select(i => (i!["itemCode"]!.GetValue<string>(), i["ceilingFen"]!.GetValue<long>()))
            .ToHashSet()
            ?? [];
        if (DemoCounty.PriceStandards.All(s => inForce.Contains((s.Item, s.CeilingFen))))
        {
            seed.Say("price standards already in force");
            return;
        }

        await seed.Whitelist.CallAsync(
            step,
            HttpMethod.Put,
            $"/api/counties/{DemoCounty.Home}/price-standards",
            seed.Maker(DemoCounty.Home),
            new
            {
                reason = "演示县服务项目最高限价",
                items = DemoCounty.PriceStandards.Select(s => new
                {
                    itemCode = s.Item,
                    unit = s.Unit,
                    ceilingFen = s.CeilingFen,
                }),
            },
            ct: ct
        );
        var ceilings = DemoCounty.PriceStandards.Select(s => $"{s.Item} ≤ {SeedContext.Yuan(s.CeilingFen)}");
        seed.Say("price standards set: " + string.Join(", ", ceilings));
    }

    /// <summary>Version 1 (the DOMAIN.md §3 defaults) is made by eligibility itself; the demo adds one change, by maker
    /// and checker.</summary>
    public async Task PolicyAsync(CancellationToken ct)
    {
        var county = DemoCounty.Home;
        var list = await seed.Eligibility.CallAsync(
            "list subsidy policies",
            HttpMethod.Get,
            $"/api/counties/{county}/policies?pageSize=100",
            seed.Maker(county),
            ct: ct
        );
        var existing = list["items"]!.AsArray().FirstOrDefault(p => p!["reason"]?.GetValue<string>() == PolicyReason);
        int version;
        if (existing is null)
        {
            var proposed = await seed.Eligibility.CallAsync(
                "propose a subsidy policy version",
                HttpMethod.Post,
                $"/api/counties/{county}/policies",
                seed.Maker(county),
                new
                {
                    effectiveFrom = seed.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    reason = PolicyReason,
                    categories = new object[]
                    {
                        new
                        {
                            category = 1,
                            defaultShares = Shares(80, 15, 5),
                            itemShares = Array.Empty<object>(),
                            monthlyCapFiscalFen = 30000,
                            monthlyCapCollectiveFen = 10000,
                            monthlyCapCharityFen = 5000,
                        },
                        new
                        {
                            category = 2,
                            defaultShares = Shares(30, 20, 0),
                            itemShares = new[] { new { item = "meal", shares = Shares(40, 20, 0) } },
                            monthlyCapFiscalFen = 10000,
                            monthlyCapCollectiveFen = 5000,
                            monthlyCapCharityFen = 0,
                        },
                        new
                        {
                            category = 3,
                            defaultShares = Shares(0, 0, 0),
                            itemShares = Array.Empty<object>(),
                            monthlyCapFiscalFen = 0,
                            monthlyCapCollectiveFen = 0,
                            monthlyCapCharityFen = 0,
                        },
                    },
                },
                ct: ct
            );
            version = proposed["version"]!.GetValue<int>();
            seed.Say($"policy version {version} proposed by {county} bureau user 'maker'");
        }
        else if (existing["status"]!.GetValue<string>() == "published")
        {
            seed.Say($"policy version {existing["version"]} already published");
            return;
        }
        else
        {
            version = existing["version"]!.GetValue<int>();
        }

        await seed.Eligibility.CallAsync(
            "approve the subsidy policy version (a second bureau user)",
            HttpMethod.Post,
            $"/api/counties/{county}/policies/{version}/approve",
            seed.Checker(county),
            ct: ct
        );
        seed.Say($"policy version {version} approved by bureau user 'checker' and published");
    }

    private static object Shares(int fiscal, int collective, int charity) =>
        new
        {
            fiscalPercent = fiscal,
            collectivePercent = collective,
            charityPercent = charity,
        };
}
