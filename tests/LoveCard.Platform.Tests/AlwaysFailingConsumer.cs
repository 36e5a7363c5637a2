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

/// <summary>
/// Fails every <see cref="TerminalDisabled"/> until a test "heals" it, to show that retries end in the
/// error queue and that a replay from there is then applied.
/// </summary>
public sealed class AlwaysFailingConsumer(IServiceProvider services) : InboxConsumer<TerminalDisabled>(services)
{
    protected override async Task HandleAsync(TerminalDisabled message, ConsumeScope scope, CancellationToken ct)
    {
        var healed = await scope.Connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM probe_switch WHERE name = 'heal')",
                transaction: scope.Transaction,
                cancellationToken: ct
            )
        );
        if (!healed)
        {
            throw new InvalidOperationException("This consumer fails until healed (a test of the error queue).");
        }

        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                "INSERT INTO probe_healed (message_id, terminal_id) VALUES (@messageId, @TerminalId)",
                new { messageId = scope.Context.MessageId, message.TerminalId },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
