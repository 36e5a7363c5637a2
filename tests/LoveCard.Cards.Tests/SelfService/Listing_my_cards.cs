using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Hosting.Auth;

namespace LoveCard.Cards.Tests.SelfService;

/// <summary>Issue 17: <c>GET /api/me/cards</c> answers the caller's own cards only.</summary>
[TestFixture]
public sealed class Listing_my_cards
{
    [Test]
    public async Task An_elder_lists_its_own_cards_and_gets_404_for_another_elders()
    {
        var county = CardsTestKit.NewCounty();
        var (myCard, me) = await CardsTestKit.ProvisionAsync(county);
        var (_, other) = await CardsTestKit.ProvisionAsync(county);
        using var elder = CardsTestKit.Host.CreateClient(Roles.Elder, elder: me);

        var mine = await elder.GetFromJsonAsync<JsonElement>("/api/me/cards");
        var foreign = await elder.GetAsync($"/api/me/cards?elderId={other}");

        Assert.Multiple(() =>
        {
            Assert.That(mine.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(mine.GetProperty("items")[0].GetProperty("cardId").GetGuid(), Is.EqualTo(myCard));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task An_agent_sees_the_cards_of_its_principals_and_a_bureau_is_refused()
    {
        var county = CardsTestKit.NewCounty();
        var (first, a) = await CardsTestKit.ProvisionAsync(county);
        var (second, b) = await CardsTestKit.ProvisionAsync(county);
        await CardsTestKit.ProvisionAsync(county);
        using var agent = CardsTestKit.Host.CreateClient(Roles.Agent, elders: [a, b]);
        using var bureau = CardsTestKit.Bureau(county);

        var cards = await agent.GetFromJsonAsync<JsonElement>("/api/me/cards?sort=provisionedAt");
        var refused = await bureau.GetAsync("/api/me/cards");
        var badSort = await agent.GetAsync("/api/me/cards?sort=-secret");

        Assert.Multiple(async () =>
        {
            Assert.That(
                cards.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("cardId").GetGuid()),
                Is.EquivalentTo(new[] { first, second })
            );
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(badSort.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            var problem = await badSort.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("invalid_sort"));
            Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("sort"));
        });
    }

    [Test]
    public async Task The_bureau_listing_sorts_on_the_server_finds_a_card_number_and_refuses_unknown_parameters()
    {
        var county = CardsTestKit.NewCounty();
        var (first, _) = await CardsTestKit.ProvisionAsync(county);
        var (second, _) = await CardsTestKit.ProvisionAsync(county);
        using var bureau = CardsTestKit.Bureau(county);
        var number = (await CardsTestKit.CardAsync(second, county))["cardNumber"]!.GetValue<string>();

        var newestFirst = await bureau.GetFromJsonAsync<JsonElement>($"/api/cards?county={county}&sort=-provisionedAt");
        var found = await bureau.GetFromJsonAsync<JsonElement>($"/api/cards?county={county}&q={number}");
        var misspelt = await bureau.GetAsync($"/api/cards?county={county}&stauts=active");
        var problem = await misspelt.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(
                newestFirst.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("cardId").GetGuid()),
                Is.EqualTo(new[] { second, first })
            );
            Assert.That(found.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(found.GetProperty("items")[0].GetProperty("cardId").GetGuid(), Is.EqualTo(second));
            Assert.That(misspelt.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("unknown_parameter"));
            Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("stauts"));
        });
    }
}
