namespace LoveCard.Contracts.Identity;

/// <summary>
/// The state every account event carries (AggregateId is the account id): who the account is and
/// what it may do after the change, and where the change came from. Carries no password, secret,
/// phone number or hash: only a masked phone.
/// </summary>
public abstract record AccountEvent : IntegrationEvent
{
    public required Guid AccountId { get; init; }

    /// <summary>The account role, e.g. <c>bureau_clerk</c> (docs/identity.md).</summary>
    public required string AccountRole { get; init; }

    /// <summary>The <c>role</c> claim it signs in with, e.g. <c>bureau</c>.</summary>
    public required string Role { get; init; }

    /// <summary><c>active</c> or <c>disabled</c>.</summary>
    public required string Status { get; init; }

    public string? UserName { get; init; }

    public string? County { get; init; }

    /// <summary>A township or village official's area, the division code its <c>area</c> claim carries (ADR 0044);
    /// null for every other account.</summary>
    public string? Area { get; init; }

    public Guid? ProviderId { get; init; }

    public Guid? ElderId { get; init; }

    public string? PhoneMasked { get; init; }

    /// <summary>The client address the change was made from (the actor's), or null for a job or consumer.</summary>
    public string? RemoteAddress { get; init; }
}
