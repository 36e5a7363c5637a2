using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Identity.Tests;

/// <summary>A provider identity has heard of: ProviderWhitelisted published on the bus as whitelist would.</summary>
public static class Providers
{
    public static async Task<Guid> WhitelistedAsync(string county)
    {
        var id = Guid.NewGuid();
        await Hosts
            .Identity.Services.GetRequiredService<IBus>()
            .Publish(
                new ProviderWhitelisted
                {
                    AggregateId = id.ToString(),
                    AggregateVersion = 1,
                    Actor = new Actor(ActorKinds.User, "test"),
                    Reason = "test",
                    OccurredAt = DateTimeOffset.UtcNow,
                    ProviderId = id,
                    County = county,
                    UnifiedCode = "91330903MA2A000001",
                    Name = "测试食堂",
                    ProviderType = "meal_firm",
                    Status = ProviderStatuses.Whitelisted,
                    CreditScore = 100,
                }
            );
        const string sql = "SELECT count(*) FROM providers WHERE provider_id = @id";
        await Eventually.AssertAsync(
            async () => await Database.ScalarAsync<long>("identity", sql, new { id }) == 1,
            TimeSpan.FromSeconds(30),
            () => "identity heard of the provider"
        );
        return id;
    }
}
