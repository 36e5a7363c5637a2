namespace LoveCard.Console.Api;

/// <summary>The one and only answer that shows a terminal's activation code.</summary>
public sealed record TerminalRegistration(
    TerminalInfo Terminal,
    string ActivationCode,
    DateTimeOffset ActivationCodeExpiresAt
);
