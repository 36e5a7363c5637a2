using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Gateway;

/// <summary>Whitelist registered (or re-registered) a terminal: store it with its activation-code hash.</summary>
public sealed class TerminalRegisteredConsumer(IServiceProvider services) : InboxConsumer<TerminalRegistered>(services)
{
    // Both terminal events share one stream: their AggregateId is the terminal id, so a late
    // TerminalRegistered cannot re-enable a terminal a newer TerminalDisabled switched off.
    protected override string? VersionStream => "terminal";

    protected override Task HandleAsync(TerminalRegistered message, ConsumeScope scope, CancellationToken ct) =>
        TerminalStore.UpsertRegisteredAsync(scope.Connection, scope.Transaction, message, ct);
}
