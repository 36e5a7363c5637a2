using System.Net;
using System.Net.Http.Headers;
using LoveCard.Cards;
using LoveCard.Hosting.Auth;

namespace LoveCard.Identity.Tests.Oidc;

/// <summary>With an authority and outside Development, only identity's keys count: the shared HMAC key is for tests and Development.</summary>
public sealed class Outside_development
{
    [Test]
    public async Task A_service_accepts_identitys_tokens_and_refuses_the_shared_key()
    {
        await using var cards = await ServiceHost.StartAsync(CardsApp.Create, new Dictionary<string, string?>
        {
            ["environment"] = "Staging",
            ["Auth:Authority"] = Hosts.Issuer.AbsoluteUri.TrimEnd('/'),
            ["Database:Schema"] = "cards_staging",
            ["Bus:EndpointPrefix"] = "cards-staging",
        });
        using var client = cards.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await A_machine_client.TokenAsync());
        var withIdentity = await client.GetAsync("/api/cards?county=330903");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cards.Token(Roles.Province));
        var withSharedKey = await client.GetAsync("/api/cards?county=330903");
        Assert.Multiple(() =>
        {
            Assert.That(withIdentity.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(withSharedKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }
}
