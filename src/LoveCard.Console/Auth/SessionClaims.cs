namespace LoveCard.Console.Auth;

/// <summary>
/// The claims the console keeps on its own cookie principal (copied from the access token at sign-in).
/// </summary>
public static class SessionClaims
{
    /// <summary>The server-side session key (<see cref="ServerTicketStore"/>); the cookie carries only this.</summary>
    public const string SessionKey = "lc_sid";

    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string County = "county";
    public const string Provider = "provider";

    /// <summary>A township or village official's division code (ADR 0044).</summary>
    public const string Area = "area";
}
