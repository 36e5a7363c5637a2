namespace LoveCard.Console.Tests.Harness;

/// <summary>
/// Someone the journeys sign in as, with the Development password and TOTP secret the seed gave them.
/// </summary>
public sealed record Person(
    string UserName,
    string Password,
    string? TotpSecret,
    string Role,
    string? County,
    Guid? ProviderId = null
);
