using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.ReadModels;

/// <summary>Settlement's local read models, fed by the other services' events through the real broker.</summary>
public sealed class Feeding_the_read_models
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [Test]
    public async Task Replaces_a_providers_items_whole_and_ignores_an_older_list()
    {
        var county = NewCounty();
        var provider = await AddProviderAsync(county, [Item(ServiceItems.Meal, 1500), Item(ServiceItems.Bath, 3000)]);
        await PublishAsync(
            new ProviderItemsChanged
            {
                AggregateId = provider.ToString(),
                AggregateVersion = 3,
                Actor = TestActor,
                Reason = "new prices",
                OccurredAt = Now,
                ProviderId = provider,
                County = county,
                Items = [Item(ServiceItems.Meal, 1600)],
            }
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_provider_items WHERE provider_id = @provider", new { provider })
            == 1
        );
        await PublishAsync(
            new ProviderItemsChanged
            {
                AggregateId = provider.ToString(),
                AggregateVersion = 2,
                Actor = TestActor,
                Reason = "late",
                OccurredAt = Now,
                ProviderId = provider,
                County = county,
                Items = [Item(ServiceItems.Meal, 1), Item(ServiceItems.Chat, 1)],
            }
        );
        await Task.Delay(500);

        Assert.That(
            await CountAsync(
                "SELECT unit_price_fen FROM rm_provider_items WHERE provider_id = @provider AND item_code = 'meal'",
                new { provider }
            ),
            Is.EqualTo(1600)
        );
        Assert.That(
            await CountAsync("SELECT count(*) FROM rm_provider_items WHERE provider_id = @provider", new { provider }),
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task Serves_the_published_qr_keys_unsigned()
    {
        var (_, kid) = await PublishQrKeyAsync();

        using var client = Host.CreateClient();
        var text = await client.GetStringAsync("/terminal/v1/qr-keys");

        var keys = JsonDocument
            .Parse(text)
            .RootElement.GetProperty("keys")
            .EnumerateArray()
            .Select(k => k.GetProperty("kid").GetString())
            .ToList();
        Assert.That(keys, Does.Contain(kid));
    }
}
