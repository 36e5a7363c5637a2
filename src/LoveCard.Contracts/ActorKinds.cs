namespace LoveCard.Contracts;

public static class ActorKinds
{
    public const string User = "user";
    public const string Terminal = "terminal";
    public const string Job = "job";
    public const string System = "system";
}
