using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Distributed;

namespace LoveCard.Console.Auth;

/// <summary>
/// Keeps each signed-in user's authentication ticket, with their access and refresh tokens, on the
/// server; the browser's cookie carries only a random key (ADR 0017: backend-for-frontend, no token
/// in the browser). The key is also put on the principal as <see cref="SessionClaims.SessionKey"/>,
/// so an interactive circuit, which has the principal but no cookie handler, can find the tokens.
/// </summary>
public sealed class ServerTicketStore(IDistributedCache cache, TimeProvider time) : ITicketStore
{
    private const string Prefix = "lovecard-console-session:";

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            foreach (var old in identity.FindAll(SessionClaims.SessionKey).ToArray())
            {
                identity.RemoveClaim(old);
            }

            identity.AddClaim(new Claim(SessionClaims.SessionKey, key));
        }

        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var options = new DistributedCacheEntryOptions
        {
            AbsoluteExpiration = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(10),
        };
        return cache.SetAsync(Prefix + key, TicketSerializer.Default.Serialize(ticket), options, cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await cache.GetAsync(Prefix + key, cancellationToken);
        return bytes is null ? null : TicketSerializer.Default.Deserialize(bytes);
    }

    public Task RemoveAsync(string key) => cache.RemoveAsync(Prefix + key);

    /// <summary>
    /// The cookie scheme's name, kept with the store because every ticket in it belongs to that scheme.
    /// </summary>
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
}
