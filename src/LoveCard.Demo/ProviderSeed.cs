using System.Globalization;
using System.Net;

namespace LoveCard.Demo;

/// <summary>A demo provider in whitelist: entered and whitelisted, its items and prices, its care workers, its terminal
/// activated.</summary>
internal sealed class ProviderSeed(SeedContext seed, DemoTerminals terminals, Dictionary<string, Guid> providerIds)
{
    public async Task ProviderAsync(DemoProvider p, CancellationToken ct)
    {
        var county = DemoCounty.Home;
        var token = seed.Maker(county);
        var code = p.UnifiedCode(county);
        var list = await seed.Whitelist.CallAsync(
            "list providers",
            HttpMethod.Get,
            $"/api/providers?county={county}&pageSize=100",
            token,
            ct: ct
        );
        var provider = list["items"]!.AsArray().FirstOrDefault(x => x!["unifiedCode"]!.GetValue<string>() == code);
        if (provider is null)
        {
            provider = await seed.Whitelist.CallAsync(
                $"enter provider {p.Name}",
                HttpMethod.Post,
                "/api/providers",
                token,
                new
                {
                    unifiedCode = code,
                    name = p.Name,
                    providerType = p.ProviderType,
                    county,
                    township = DemoCounty.TownshipA,
                    address = $"舟山市普陀区沈家门街道示范路 {p.OrganisationNumber % 100} 号",
                    contactName = "王经理",
                    contactPhone = "0570-8000000",
                    admissionRoute = "government_purchase",
                    contractStart = seed.Today().AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    contractEnd = seed.Today().AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                },
                ct: ct
            );
        }

        var id = Guid.Parse(provider["id"]!.GetValue<string>());
        providerIds[p.TerminalId] = id;
        if (provider["status"]!.GetValue<string>() == "applied")
        {
            await seed.Whitelist.CallAsync(
                $"whitelist provider {p.Name}",
                HttpMethod.Post,
                $"/api/providers/{id}/whitelist",
                token,
                new { reason = "演示：政府购买服务，资质审核通过" },
                ct: ct
            );
        }

        var items = await seed.Whitelist.CallAsync(
            "read provider items",
            HttpMethod.Get,
            $"/api/providers/{id}/items",
            token,
            ct: ct
        );
        var have = items["items"]!
            .AsArray()
            .Select(i =>
                (
                    i!["itemCode"]!.GetValue<string>(),
                    i["unitPriceFen"]!.GetValue<long>(),
                    i["discountPercent"]!.GetValue<int>()
                )
            )
            .ToHashSet();
        if (
            !p.Items.All(i => have.Contains((i.ItemCode, i.UnitPriceFen, i.DiscountPercent)))
            || have.Count != p.Items.Count
        )
        {
            await seed.Whitelist.CallAsync(
                $"set the items of {p.Name}",
                HttpMethod.Put,
                $"/api/providers/{id}/items",
                token,
                new
                {
                    reason = "演示服务项目与价格",
                    items = p.Items.Select(i => new
                    {
                        itemCode = i.ItemCode,
                        unitPriceFen = i.UnitPriceFen,
                        discountPercent = i.DiscountPercent,
                    }),
                },
                ct: ct
            );
        }

        for (var k = 0; k < p.CareWorkers.Count; k++)
        {
            var answer = await seed.Whitelist.SendAsync(
                "register a care worker",
                HttpMethod.Post,
                $"/api/providers/{id}/care-workers",
                token,
                System.Net.Http.Json.JsonContent.Create(
                    new
                    {
                        name = p.CareWorkers[k],
                        certificateNumber = $"DEMO-{p.OrganisationNumber}-{k + 1}",
                        certificateLevel = "intermediate",
                        validUntil = seed.Today().AddYears(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    }
                ),
                null,
                ct
            );
            // certificate_taken: registered by an earlier run.
            ServiceApi.Expect(
                answer,
                "whitelist",
                $"register care worker {k + 1} of {p.Name}",
                HttpStatusCode.Conflict
            );
        }

        await terminals.ActivatedAsync(id, p, ct);
        var prices = p.Items.Select(i =>
            $"{i.ItemCode} {SeedContext.Yuan(i.UnitPriceFen)}"
            + (i.DiscountPercent > 0 ? $" -{i.DiscountPercent}%" : "")
        );
        seed.Say(
            $"provider {p.Name} ({code}) whitelisted with {string.Join(", ", prices)}, "
                + $"{p.CareWorkers.Count} care worker(s), terminal {p.TerminalId}"
        );
    }
}
