using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace LoveCard.Console.Auth;

/// <summary>
/// The signed-in person as the screens need them: role, county or provider, and the session key
/// through which their API calls get a token. Scoped: one per circuit (or per request).
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    private ClaimsPrincipal? _principal;

    public async Task<ClaimsPrincipal> PrincipalAsync()
    {
        _principal ??= (await authentication.GetAuthenticationStateAsync()).User;
        return _principal;
    }

    /// <summary>For a request outside a circuit (downloads), where the principal comes from the cookie.</summary>
    public void Use(ClaimsPrincipal principal) => _principal = principal;

    public async Task<Person> GetAsync() => Person.Of(await PrincipalAsync());
}
