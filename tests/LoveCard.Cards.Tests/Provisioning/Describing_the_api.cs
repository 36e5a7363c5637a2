using LoveCard.Cards.Cards;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Provisioning;

/// <summary>ARCHITECTURE.md: every service serves its OpenAPI document, generated from the typed handlers.</summary>
public sealed class Describing_the_api
{
    [Test]
    public async Task The_openapi_document_lists_every_card_endpoint()
    {
        using var anonymous = CardsTestKit.Host.CreateClient();
        var document = await anonymous.GetStringAsync("/openapi/v1.json");
        Assert.That(
            document,
            Does.Contain("\"/api/cards\"")
                .And.Contain("/api/cards/{cardId}/qr-codes")
                .And.Contain("\"/api/cards/qr-keys\"")
                .And.Contain("/api/cards/{cardId}/consent/withdraw")
                .And.Contain("/api/cards/numbers/{cardNumber}")
        );
    }
}
