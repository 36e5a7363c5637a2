using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Identity.ReadModels;

/// <summary>
/// A provider's county and status from whitelist's events (one consumer per event type, as
/// MassTransit wants; the "provider" stream skips older ones), so a bureau admin makes a provider's
/// first admin only for a whitelisted provider of its own county.
/// </summary>
public abstract class ProviderFactsConsumer<TEvent>(IServiceProvider services) : InboxConsumer<TEvent>(services)
    where TEvent : ProviderEvent
{
    protected override string? VersionStream => "provider";

    protected override Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO providers (provider_id, county, status, name) VALUES (@ProviderId, @County, @Status, @Name)
            ON CONFLICT (provider_id) DO UPDATE SET county = @County, status = @Status, name = @Name
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.ProviderId,
                    message.County,
                    message.Status,
                    message.Name,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
