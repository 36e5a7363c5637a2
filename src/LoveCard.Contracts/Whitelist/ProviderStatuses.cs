namespace LoveCard.Contracts.Whitelist;

public static class ProviderStatuses
{
    public const string Applied = "applied";
    public const string Whitelisted = "whitelisted";
    public const string Suspended = "suspended";
    public const string Exited = "exited";
}
