namespace LoveCard.Hosting.Auth;

public sealed class AuthOptions
{
    /// <summary>A development key; a service in the Production environment refuses to start with it.</summary>
    public const string DevelopmentSigningKey = "lovecard-development-signing-key-do-not-use-in-production-0123456789";

    public string Issuer { get; set; } = "lovecard-dev";

    public string Audience { get; set; } = "lovecard";

    /// <summary>HMAC-SHA256 key (at least 32 bytes), or set <see cref="Authority"/> for an OIDC provider.</summary>
    public string SigningKey { get; set; } = DevelopmentSigningKey;

    /// <summary>
    /// The identity service (e.g. <c>http://127.0.0.1:5105</c>): keys and issuer come from its discovery
    /// document and JWKS; the HMAC key is then accepted in Development only.
    /// </summary>
    public string? Authority { get; set; }
}
