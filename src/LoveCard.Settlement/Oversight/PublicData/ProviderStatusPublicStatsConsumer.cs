using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>The latest status of a provider, from any of its status events (they share one version stream).</summary>
public abstract class ProviderStatusPublicStatsConsumer<TEvent>(IServiceProvider services)
    : InboxConsumer<TEvent>(services)
    where TEvent : ProviderEvent
{
    protected override string? VersionStream => "public-stats-provider";

    protected override Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_providers (provider_id, county, status) VALUES (@ProviderId, @County, @Status)
            ON CONFLICT (provider_id) DO UPDATE SET county = excluded.county, status = excluded.status
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.ProviderId,
                    message.County,
                    message.Status,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
