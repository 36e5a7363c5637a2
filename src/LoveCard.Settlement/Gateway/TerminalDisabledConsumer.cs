using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Gateway;

/// <summary>Whitelist disabled a terminal: refuse it at once with <c>terminal_disabled</c>.</summary>
public sealed class TerminalDisabledConsumer(IServiceProvider services) : InboxConsumer<TerminalDisabled>(services)
{
    protected override string? VersionStream => "terminal";

    protected override Task HandleAsync(TerminalDisabled message, ConsumeScope scope, CancellationToken ct) =>
        TerminalStore.UpsertDisabledAsync(scope.Connection, scope.Transaction, message, ct);
}
