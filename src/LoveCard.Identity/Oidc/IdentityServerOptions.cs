namespace LoveCard.Identity.Oidc;

/// <summary>The <c>Identity</c> configuration section: the issuer, the clients, lifetimes and key rotation.</summary>
public sealed class IdentityServerOptions
{
    /// <summary>
    /// The issuer (<c>iss</c>) and the base of the discovery document; the services' <c>Auth:Authority</c>.
    /// </summary>
    public Uri Issuer { get; set; } = new("http://127.0.0.1:5105/");

    /// <summary>The audience (<c>aud</c>) of every access token; the services' <c>Auth:Audience</c>.</summary>
    public string Audience { get; set; } = "lovecard";

    /// <summary>Staff access tokens; at most 15 minutes (ARCHITECTURE.md "Auth").</summary>
    public int AccessTokenMinutes { get; set; } = 10;

    /// <summary>Agents' access tokens are shorter: an unlinked elder leaves the token within this time.</summary>
    public int AgentAccessTokenMinutes { get; set; } = 5;

    /// <summary>A refresh token's life; each use returns a new one and redeems the old (rolling).</summary>
    public int RefreshTokenHours { get; set; } = 12;

    public ConsoleClientOptions Console { get; set; } = new();

    /// <summary>
    /// Clients that get tokens with their own id and secret (client credentials), e.g. the operator tool.
    /// </summary>
    public List<MachineClientOptions> MachineClients { get; set; } = [];

    public SigningKeyOptions SigningKeys { get; set; } = new();

    public sealed class ConsoleClientOptions
    {
        public string ClientId { get; set; } = "lovecard-console";

        public List<Uri> RedirectUris { get; set; } = [new("http://127.0.0.1:5100/signin-oidc")];

        public List<Uri> PostLogoutRedirectUris { get; set; } = [new("http://127.0.0.1:5100/signout-callback-oidc")];
    }

    public sealed class MachineClientOptions
    {
        public string ClientId { get; set; } = "";

        public string ClientSecret { get; set; } = "";

        public string DisplayName { get; set; } = "";

        /// <summary>The <c>role</c> claim of its tokens (and, at identity, the account role it acts as).</summary>
        public string Role { get; set; } = "";

        public string? County { get; set; }
    }

    public sealed class SigningKeyOptions
    {
        /// <summary>The scheduled job rotates the signing key once the newest is this old.</summary>
        public int RotateAfterDays { get; set; } = 90;

        /// <summary>A new key is published this long before it signs, so every service has fetched it.</summary>
        public int PublishBeforeUseMinutes { get; set; } = 60;

        /// <summary>The old key stays published this long after the new one starts signing.</summary>
        public int KeepAfterRetiringMinutes { get; set; } = 1440;

        /// <summary>How often each instance re-reads the shared keys.</summary>
        public int ReloadSeconds { get; set; } = 30;
    }
}
