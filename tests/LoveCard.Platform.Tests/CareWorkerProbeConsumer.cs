using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Platform.Tests;

/// <summary>Applies <see cref="CareWorkerRegistered"/> with the version check on (stream "probe").</summary>
public sealed class CareWorkerProbeConsumer(IServiceProvider services) : InboxConsumer<CareWorkerRegistered>(services)
{
    protected override string? VersionStream => "probe";

    protected override async Task HandleAsync(CareWorkerRegistered message, ConsumeScope scope, CancellationToken ct)
    {
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO probe_applied (message_id, aggregate_id, version) VALUES (@messageId, @AggregateId, "
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
