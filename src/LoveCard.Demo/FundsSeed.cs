using System.Security.Cryptography;
using System.Text;

namespace LoveCard.Demo;

/// <summary>Settlement's funds: the demo top-ups proposed by one bureau user and approved by another.</summary>
internal sealed class FundsSeed(SeedContext seed)
{
    private const string TopUpNote = "演示：年度预算拨付";

    public async Task FundsAsync(CancellationToken ct)
    {
        // The key names the top-up's content, so re-seeding a database seeded by an older demo (another
        // amount or note) proposes the new top-up instead of failing with idempotency_key_reused.
        var noteTag = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(TopUpNote)))[..8];
        foreach (var (county, source, village, amount) in DemoCounty.TopUps)
        {
            var key = $"demo-topup-{county}-{source}{(village is null ? "" : "-" + village)}-{amount}-{noteTag}";
            var proposal = await seed.Settlement.CallAsync(
                $"propose a {source} top-up for {county}",
                HttpMethod.Post,
                $"/api/funds/{county}/{source}/top-ups",
                seed.Maker(county),
                new
                {
                    amountFen = amount,
                    village,
                    note = TopUpNote,
                },
                key,
                ct
            );
            if (proposal["status"]!.GetValue<string>() != "approved")
            {
                await seed.Settlement.CallAsync(
                    $"approve the {source} top-up for {county} (a second bureau user)",
                    HttpMethod.Post,
                    $"/api/funds/{county}/top-ups/{proposal["topUpId"]}/approve",
                    seed.Checker(county),
                    ct: ct
                );
            }
        }

        foreach (var county in new[] { DemoCounty.Home, DemoCounty.Neighbour })
        {
            var balances = await seed.Settlement.CallAsync(
                "read fund balances",
                HttpMethod.Get,
                $"/api/funds/{county}",
                seed.Maker(county),
                ct: ct
            );
            seed.Say(
                $"funds of {county} (proposed by 'maker', approved by 'checker'): "
                    + string.Join(
                        ", ",
                        balances["funds"]!
                            .AsArray()
                            .Select(f =>
                                $"{f!["source"]}{(f["villageCode"]?.GetValue<string>() is { } v ? $" {v}" : "")} "
                                + $"{SeedContext.Yuan(f["balanceFen"]!.GetValue<long>())}"
                            )
                    )
            );
        }
    }
}
