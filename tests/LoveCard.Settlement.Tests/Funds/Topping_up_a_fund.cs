using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Settlement.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Funds;

/// <summary>Fund top-ups with maker-checker, balances and postings (DOMAIN.md §3).</summary>
public sealed class Topping_up_a_fund
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    private static async Task<HttpResponseMessage> ProposeAsync(
        HttpClient client,
        string county,
        string source,
        object body,
        string key
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/funds/{county}/{source}/top-ups")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("code", out var c)
            ? c.GetString()
            : null;

    [Test]
    public async Task Needs_a_second_user_to_approve_and_then_posts_from_the_external_account()
    {
        var county = NewCounty();
        using var maker = Host.CreateClient("bureau", county, subject: "maker");
        using var checker = Host.CreateClient("bureau", county, subject: "checker");

        var proposed = await ProposeAsync(
            maker,
            county,
            FundSources.Collective,
            new { amountFen = 50_000, village = county + "007" },
            "k1"
        );
        var retried = await ProposeAsync(
            maker,
            county,
            FundSources.Collective,
            new { amountFen = 50_000, village = county + "007" },
            "k1"
        );
        var reused = await ProposeAsync(
            maker,
            county,
            FundSources.Collective,
            new { amountFen = 60_000, village = county + "007" },
            "k1"
        );
        var topUpId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("topUpId").GetGuid();
        var self = await maker.PostAsync($"/api/funds/{county}/top-ups/{topUpId}/approve", null);
        var balanceBefore = await maker.GetStringAsync($"/api/funds/{county}");
        var approved = await checker.PostAsync($"/api/funds/{county}/top-ups/{topUpId}/approve", null);
        var twice = await checker.PostAsync($"/api/funds/{county}/top-ups/{topUpId}/approve", null);

        Assert.Multiple(async () =>
        {
            Assert.That((int)proposed.StatusCode, Is.EqualTo(201));
            Assert.That((int)retried.StatusCode, Is.EqualTo(200));
            Assert.That(
                (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("topUpId").GetGuid(),
                Is.EqualTo(topUpId)
            );
            Assert.That((int)reused.StatusCode, Is.EqualTo(422));
            Assert.That(((int)self.StatusCode, await CodeAsync(self)), Is.EqualTo((403, "maker_checker")));
            Assert.That(balanceBefore, Does.Contain("\"funds\":[]"));
            Assert.That((int)approved.StatusCode, Is.EqualTo(200));
            Assert.That(((int)twice.StatusCode, await CodeAsync(twice)), Is.EqualTo((409, "already_approved")));
        });
        var balances = JsonDocument
            .Parse(await maker.GetStringAsync($"/api/funds/{county}"))
            .RootElement.GetProperty("funds");
        Assert.That(balances.GetArrayLength(), Is.EqualTo(1));
        Assert.That(balances[0].GetProperty("villageCode").GetString(), Is.EqualTo(county + "007"));
        Assert.That(balances[0].GetProperty("balanceFen").GetInt64(), Is.EqualTo(50_000));
        var postings = JsonDocument
            .Parse(await maker.GetStringAsync($"/api/funds/{county}/postings?page=1&pageSize=10"))
            .RootElement;
        Assert.That(postings.GetProperty("total").GetInt64(), Is.EqualTo(1));
        Assert.That(postings.GetProperty("items")[0].GetProperty("amountFen").GetInt64(), Is.EqualTo(50_000));
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM postings WHERE account_id = @a AND amount_fen = -50000",
                new { a = $"external:{county}:village:{county}007" }
            ),
            Is.EqualTo(1)
        );
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM outbox WHERE message_type LIKE '%FundTopUpApproved' AND aggregate_id = @a",
                new { a = $"fund:{county}:collective:{county}007" }
            ),
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task Refuses_bad_input_and_other_counties()
    {
        var county = NewCounty();
        using var bureau = Host.CreateClient("bureau", county, subject: "maker");
        using var otherBureau = Host.CreateClient("bureau", NewCounty(), subject: "other");
        using var provider = Host.CreateClient("provider", county, provider: Guid.NewGuid());

        var noVillage = await ProposeAsync(bureau, county, FundSources.Collective, new { amountFen = 100 }, "a");
        var zero = await ProposeAsync(bureau, county, FundSources.Fiscal, new { amountFen = 0 }, "b");
        var badSource = await ProposeAsync(bureau, county, "lottery", new { amountFen = 100 }, "c");
        using var noKey = new HttpRequestMessage(HttpMethod.Post, $"/api/funds/{county}/fiscal/top-ups")
        {
            Content = JsonContent.Create(new { amountFen = 100 }),
        };
        var missingKey = await bureau.SendAsync(noKey);
        var foreign = await ProposeAsync(otherBureau, county, FundSources.Fiscal, new { amountFen = 100 }, "d");
        var wrongRole = await ProposeAsync(provider, county, FundSources.Fiscal, new { amountFen = 100 }, "e");
        var foreignBalances = await otherBureau.GetAsync($"/api/funds/{county}");

        Assert.Multiple(() =>
        {
            Assert.That((int)noVillage.StatusCode, Is.EqualTo(400));
            Assert.That((int)zero.StatusCode, Is.EqualTo(400));
            Assert.That((int)badSource.StatusCode, Is.EqualTo(400));
            Assert.That((int)missingKey.StatusCode, Is.EqualTo(400));
            Assert.That((int)foreign.StatusCode, Is.EqualTo(403));
            Assert.That((int)wrongRole.StatusCode, Is.EqualTo(403));
            Assert.That((int)foreignBalances.StatusCode, Is.EqualTo(403));
        });
        Assert.That(
            await CountAsync("SELECT count(*) FROM fund_top_ups WHERE county = @county", new { county }),
            Is.EqualTo(0)
        );
    }

    [Test]
    public async Task Raises_FundLow_when_a_fund_holds_less_than_seven_days_of_its_recent_spending()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAsync(county, FundSources.Fiscal, 2000);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);
        // 1200 spent in 7 days: 171/day; 800 left is less than 7 days of it
        await BuyAsync(terminal, PurchaseBody(Card(elder)));

        var runner = Host.Services.GetRequiredService<LoveCard.Hosting.Jobs.JobRunner>();
        await runner.RunNowAsync("fund-low", CancellationToken.None);
        await runner.RunNowAsync("fund-low", CancellationToken.None);

        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM outbox WHERE message_type LIKE '%FundLow' AND aggregate_id = @a",
                new { a = $"fund:{county}:fiscal" }
            ),
            Is.EqualTo(1),
            "raised once a day"
        );
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM outbox WHERE message_type LIKE '%FundLow' AND aggregate_id LIKE @a",
                new { a = $"fund:{county}:collective%" }
            ),
            Is.EqualTo(0)
        );
    }
}
