namespace LoveCard.Hosting.Auth;

public static class LoveCardClaims
{
    public const string Role = "role";
    public const string County = "county";
    public const string Provider = "provider";
    public const string Subject = "sub";
    public const string Elders = "elders"; // an agent's elders, space-separated elder ids
    public const string Elder = "elder"; // an elder's own elder id
    public const string Area = "area"; // a township's 9-digit or a village's 12-digit division code (ADR 0044)
}
