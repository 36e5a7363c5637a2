namespace LoveCard.Contracts.Cards;

public static class CardStatuses
{
    public const string PendingConsent = "pending_consent";
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Revoked = "revoked";
}
