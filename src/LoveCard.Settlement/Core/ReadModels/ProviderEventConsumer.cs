using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>The provider's status, from every provider status event (state-carrying, one version stream).</summary>
public abstract class ProviderEventConsumer<TEvent>(IServiceProvider services) : InboxConsumer<TEvent>(services)
    where TEvent : ProviderEvent
{
    protected override string VersionStream => "provider";

    protected override async Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_providers (provider_id, county, name, status, credit_score, provider_type, township)
            VALUES (@ProviderId, @County, @Name, @Status, @CreditScore, @ProviderType, @Township)
            ON CONFLICT (provider_id) DO UPDATE SET county = excluded.county, name = excluded.name,
                status = excluded.status, credit_score = excluded.credit_score, provider_type = excluded.provider_type,
                township = excluded.township
            """;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(sql, message, scope.Transaction, cancellationToken: ct)
        );
    }
}
