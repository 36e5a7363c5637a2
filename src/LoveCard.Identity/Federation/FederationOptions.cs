namespace LoveCard.Identity.Federation;

/// <summary>
/// <c>Identity:Federation</c>: an external OpenID Connect provider trusted for staff (the province's
/// government directory), and how its claims map to an account role and county (docs/identity.md).
/// </summary>
public sealed class FederationOptions
{
    public bool Enabled { get; set; }

    /// <summary>The button's label on the sign-in page, e.g. 浙江省政务统一身份认证.</summary>
    public string DisplayName { get; set; } = "政务统一身份认证";

    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public List<string> Scopes { get; set; } = ["openid", "profile"];

    /// <summary>The external claim holding the person's post, read through <see cref="RoleMap"/>.</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>
    /// The external claim holding the 6-digit county code (or a longer division code that starts with it).
    /// </summary>
    public string CountyClaim { get; set; } = "county";

    public string NameClaim { get; set; } = "name";

    /// <summary>External post → account role; a post not listed signs in to nothing.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    /// <summary>
    /// <c>amr</c> values that mean the provider checked a second factor (then TOTP here is not asked again).
    /// </summary>
    public List<string> SecondFactorAmr { get; set; } = ["mfa", "otp", "hwk", "sms"];
}
