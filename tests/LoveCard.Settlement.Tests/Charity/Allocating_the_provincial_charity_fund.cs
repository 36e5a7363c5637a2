using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Settlement.Tests.Ledger;
using static LoveCard.Settlement.Tests.Charity.CharityWorld;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Charity;

/// <summary>The provincial charity fund (ADR 0038): donations, the rule, four eyes, postings, the county's
/// history.</summary>
public sealed class Allocating_the_provincial_charity_fund
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    [Test]
    public async Task An_allocation_is_proposed_approved_posted_and_in_the_county_fund_history()
    {
        var mountain = await CountyAsync(elders: 2, mountainOrIsland: true);
        var flat = await CountyAsync(elders: 1, mountainOrIsland: false);
        await DonateAsync(100_000);
        using var maker = Province("maker");
        using var checker = Province("checker");
        using var bureau = Host.CreateClient("bureau", mountain, subject: "bureau");

        var proposed = await ProposeAsync(maker, new { amountFen = 10_001, counties = new[] { mountain, flat } }, "a1");
        var allocation = await JsonAsync(proposed);
        var id = allocation.GetProperty("allocationId").GetGuid();
        var retried = await ProposeAsync(maker, new { amountFen = 10_001, counties = new[] { flat, mountain } }, "a1");
        var pending = await maker.GetFromJsonAsync<JsonElement>(
            "/api/province/charity-fund/allocations?status=proposed&pageSize=100"
        );
        var selfApproved = await maker.PostAsync($"/api/province/charity-fund/allocations/{id}/approve", null);
        var fundBefore = await bureau.GetStringAsync($"/api/funds/{mountain}");
        var approved = await checker.PostAsync($"/api/province/charity-fund/allocations/{id}/approve", null);
        var again = await checker.PostAsync($"/api/province/charity-fund/allocations/{id}/approve", null);
        var rejectedLate = await maker.PostAsync(
            $"/api/province/charity-fund/allocations/{id}/reject",
            JsonContent.Create(new { note = "too late" })
        );

        Assert.Multiple(async () =>
        {
            Assert.That((int)proposed.StatusCode, Is.EqualTo(201));
            // 2 × 1.5 = 3 against 1 × 1.0 = 1: 10001 × 3/4 = 7500.75 and 2500.25; the fen left goes to the mountain
            Assert.That(ShareOf(allocation, mountain), Is.EqualTo(7501));
            Assert.That(ShareOf(allocation, flat), Is.EqualTo(2500));
            Assert.That((int)retried.StatusCode, Is.EqualTo(200));
            Assert.That((await JsonAsync(retried)).GetProperty("allocationId").GetGuid(), Is.EqualTo(id));
            Assert.That(
                pending.GetProperty("items").EnumerateArray().Any(a => a.GetProperty("allocationId").GetGuid() == id)
            );
            Assert.That(
                ((int)selfApproved.StatusCode, (await JsonAsync(selfApproved)).GetProperty("code").GetString()),
                Is.EqualTo((403, "maker_checker"))
            );
            Assert.That(fundBefore, Does.Not.Contain(":charity"));
            Assert.That((int)approved.StatusCode, Is.EqualTo(200), await approved.Content.ReadAsStringAsync());
            Assert.That((await JsonAsync(approved)).GetProperty("status").GetString(), Is.EqualTo("approved"));
            Assert.That((int)again.StatusCode, Is.EqualTo(200), "the approver's retry answers the same approval");
            Assert.That(
                ((int)rejectedLate.StatusCode, (await JsonAsync(rejectedLate)).GetProperty("code").GetString()),
                Is.EqualTo((409, "already_decided"))
            );
        });

        var funds = await bureau.GetFromJsonAsync<JsonElement>($"/api/funds/{mountain}");
        var charity = funds
            .GetProperty("funds")
            .EnumerateArray()
            .Single(f => f.GetProperty("source").GetString() == "charity");
        Assert.That(charity.GetProperty("balanceFen").GetInt64(), Is.EqualTo(7501));
        var history = await bureau.GetFromJsonAsync<JsonElement>($"/api/funds/{mountain}/postings?page=1&pageSize=10");
        var line = history.GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(history.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(line.GetProperty("kind").GetString(), Is.EqualTo("charity_allocation"));
            Assert.That(line.GetProperty("transactionId").GetGuid(), Is.EqualTo(id));
            Assert.That(line.GetProperty("amountFen").GetInt64(), Is.EqualTo(7501));
        });
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM postings WHERE transaction_id = @id AND account_id = 'fund:330000:charity' "
                    + "AND amount_fen = -10001",
                new { id }
            ),
            Is.EqualTo(1),
            "one posting out of the province fund, however often approved"
        );
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM outbox WHERE message_type LIKE '%CharityAllocationApproved' AND body::text "
                    + "LIKE '%' || @id || '%'",
                new { id = id.ToString() }
            ),
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task The_rule_gives_a_mountain_county_more_than_a_flat_county_of_the_same_size()
    {
        var mountain = await CountyAsync(elders: 3, mountainOrIsland: true);
        var flat = await CountyAsync(elders: 3, mountainOrIsland: false);
        using var province = Province("previewer");

        var preview = await province.GetFromJsonAsync<JsonElement>(
            $"/api/province/charity-fund/allocations/preview?amountFen=100000&counties={flat},{mountain}"
        );
        var posted = await (
            await province.PostAsJsonAsync(
                "/api/province/charity-fund/allocations/preview",
                new { amountFen = 99_999, counties = new[] { mountain, flat } }
            )
        ).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(ShareOf(preview, mountain), Is.EqualTo(60_000));
            Assert.That(ShareOf(preview, flat), Is.EqualTo(40_000));
            Assert.That(ShareOf(posted, mountain) + ShareOf(posted, flat), Is.EqualTo(99_999), "the parts sum exactly");
            Assert.That(ShareOf(posted, mountain), Is.GreaterThan(ShareOf(posted, flat)));
            Assert.That(preview.GetProperty("mountainOrIslandWeightPermille").GetInt32(), Is.EqualTo(1500));
        });
    }

    [Test]
    public async Task Refuses_bad_input_with_the_field_and_changes_nothing()
    {
        var county = await CountyAsync(elders: 1, mountainOrIsland: false);
        var empty = NewCounty();
        using var province = Province("bad-input");
        using var bureau = Host.CreateClient("bureau", county, subject: "bureau");
        var before = await CountAsync("SELECT count(*) FROM charity_allocations");

        var cases = new (HttpResponseMessage Response, int Status, string Field, string Code)[]
        {
            (await ProposeAsync(province, new { counties = new[] { county } }), 400, "amountFen", "required"),
            (await ProposeAsync(province, new { amountFen = 0 }), 400, "amountFen", "out_of_range"),
            (
                await ProposeAsync(province, new { amountFen = 100, counties = new[] { "33x" } }),
                400,
                "counties[0]",
                "invalid_county"
            ),
            (
                await ProposeAsync(province, new { amountFen = 100, counties = new[] { county, county } }),
                400,
                "counties[1]",
                "duplicate_county"
            ),
            (
                await ProposeAsync(province, new { amountFen = 100 }, key: ""),
                400,
                "Idempotency-Key",
                "idempotency_key_missing"
            ),
            (
                await ProposeAsync(province, new { amountFen = 100, counties = new[] { empty } }),
                422,
                "counties",
                "no_eligible_elders"
            ),
        };
        var wrongRole = await ProposeAsync(bureau, new { amountFen = 100, counties = new[] { county } });

        foreach (var (response, status, field, code) in cases)
        {
            var problem = await JsonAsync(response);
            Assert.That(
                (
                    (int)response.StatusCode,
                    problem.GetProperty("field").GetString(),
                    problem.GetProperty("code").GetString()
                ),
                Is.EqualTo((status, field, code))
            );
        }

        Assert.That((int)wrongRole.StatusCode, Is.EqualTo(403));
        Assert.That(await CountAsync("SELECT count(*) FROM charity_allocations"), Is.EqualTo(before));
    }

    [Test]
    public async Task An_approval_the_province_fund_cannot_pay_is_refused_and_posts_nothing()
    {
        var county = await CountyAsync(elders: 1, mountainOrIsland: true);
        using var maker = Province("big-maker");
        using var checker = Province("big-checker");
        var proposed = await JsonAsync(
            await ProposeAsync(maker, new { amountFen = 99_000_000_000, counties = new[] { county } })
        );
        var id = proposed.GetProperty("allocationId").GetGuid();

        var refused = await checker.PostAsync($"/api/province/charity-fund/allocations/{id}/approve", null);
        var rejected = await checker.PostAsync($"/api/province/charity-fund/allocations/{id}/reject", null);

        Assert.That(
            ((int)refused.StatusCode, (await JsonAsync(refused)).GetProperty("code").GetString()),
            Is.EqualTo((422, "charity_fund_insufficient"))
        );
        Assert.That((await JsonAsync(rejected)).GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That(
            await CountAsync("SELECT count(*) FROM postings WHERE transaction_id = @id", new { id }),
            Is.EqualTo(0)
        );
    }

    [Test]
    public async Task Concurrent_approvals_post_once()
    {
        var county = await CountyAsync(elders: 1, mountainOrIsland: false);
        await DonateAsync(5_000);
        using var maker = Province("race-maker");
        var proposed = await JsonAsync(
            await ProposeAsync(maker, new { amountFen = 3_000, counties = new[] { county } })
        );
        var id = proposed.GetProperty("allocationId").GetGuid();

        var answers = await Task.WhenAll(
            Enumerable
                .Range(0, 6)
                .Select(async i =>
                {
                    using var checker = Province("race-checker-" + i);
                    return (int)
                        (
                            await checker.PostAsync($"/api/province/charity-fund/allocations/{id}/approve", null)
                        ).StatusCode;
                })
        );

        Assert.That(answers.Count(s => s == 200), Is.EqualTo(1));
        Assert.That(answers.Count(s => s == 409), Is.EqualTo(5));
        Assert.That(
            await CountAsync("SELECT count(*) FROM postings WHERE transaction_id = @id", new { id }),
            Is.EqualTo(2)
        );
    }
}
