using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoveCard.LoadTest.Messaging;

/// <summary>Applies each event as a read-model row, in the inbox transaction.</summary>
public sealed class BenchConsumer(IServiceProvider services) : InboxConsumer<CareWorkerRegistered>(services)
{
    protected override async Task HandleAsync(CareWorkerRegistered message, ConsumeScope scope, CancellationToken ct)
    {
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO bench_applied (message_id, aggregate_id, version) VALUES (@messageId, @AggregateId, "
                    + "@AggregateVersion)",
                new
                {
                    messageId = scope.Context.MessageId,
                    message.AggregateId,
                    message.AggregateVersion,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
