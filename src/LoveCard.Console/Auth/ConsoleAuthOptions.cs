namespace LoveCard.Console.Auth;

/// <summary>Section <c>Oidc</c>: where people sign in (the identity service) and how long a session lasts.</summary>
public sealed class ConsoleAuthOptions
{
    /// <summary>The identity service (OpenID Connect provider).</summary>
    public string Authority { get; set; } = "http://127.0.0.1:5105";

    public string ClientId { get; set; } = "lovecard-console";

    /// <summary>
    /// Empty for a public client (PKCE alone); set when identity registers the console as confidential.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>Space-separated scopes asked for; <c>offline_access</c> brings the refresh token.</summary>
    public string Scopes { get; set; } = "openid profile offline_access lovecard";

    /// <summary>
    /// The longest a signed-in session lasts, refreshes or not (a working day); after it the user
    /// signs in again and comes back to the page they were on.
    /// </summary>
    public int SessionHours { get; set; } = 10;

    /// <summary>Refresh the access token this long before it expires, so no API call carries a dying token.</summary>
    public int RefreshBeforeSeconds { get; set; } = 60;
}
