namespace LoveCard.Contracts.Whitelist;

/// <summary>A terminal may no longer be used; settlement refuses it at once (<c>terminal_disabled</c>).</summary>
public sealed record TerminalDisabled : IntegrationEvent
{
    public required string TerminalId { get; init; }

    public required Guid ProviderId { get; init; }
}
