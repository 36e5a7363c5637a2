namespace LoveCard.Hosting.Auth;

public static class LoveCardClaims
{
    public const string Role = "role";
    public const string County = "county";
    public const string Provider = "provider";
    public const string Subject = "sub";
    public const string Elders = "elders"; // an agent's elders, space-separated elder ids
    public const string Elder = "elder"; // an elder's own elder id
}
