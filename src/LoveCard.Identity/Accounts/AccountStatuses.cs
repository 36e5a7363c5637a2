namespace LoveCard.Identity.Accounts;

public static class AccountStatuses
{
    public const string Active = "active";
    public const string Disabled = "disabled";
}
