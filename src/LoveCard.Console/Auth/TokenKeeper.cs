using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace LoveCard.Console.Auth;

/// <summary>
/// Hands out a live access token for a session: the stored one while it has more than
/// <see cref="ConsoleAuthOptions.RefreshBeforeSeconds"/> to live, else a fresh one from identity's
/// token endpoint through the refresh token, written back to the session. Refresh tokens rotate
/// (using one twice is treated by identity as theft), so refreshes of one session are serialised.
/// </summary>
public sealed class TokenKeeper(
    ServerTicketStore store,
    IOptionsMonitor<OpenIdConnectOptions> oidc,
    ConsoleAuthOptions options,
    IHttpClientFactory http,
    TimeProvider time,
    ILogger<TokenKeeper> logger
)
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";
    public const string ExpiresAt = "expires_at";

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<string> AccessTokenAsync(string sessionKey, CancellationToken ct)
    {
        var ticket = await store.RetrieveAsync(sessionKey, ct) ?? throw new SessionExpiredException("no session");
        if (Fresh(ticket) is { } token)
        {
            return token;
        }

        var gate = _locks.GetOrAdd(sessionKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Another call of this session may have refreshed while this one waited.
            ticket = await store.RetrieveAsync(sessionKey, ct) ?? throw new SessionExpiredException("no session");
            if (Fresh(ticket) is { } refreshed)
            {
                return refreshed;
            }

            return await RefreshAsync(sessionKey, ticket, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets a session (sign-out): its ticket and tokens leave the store.</summary>
    public async Task EndAsync(string sessionKey)
    {
        await store.RemoveAsync(sessionKey);
        _locks.TryRemove(sessionKey, out _);
    }

    private string? Fresh(AuthenticationTicket ticket)
    {
        var token = ticket.Properties.GetTokenValue(AccessToken);
        var expires = ticket.Properties.GetTokenValue(ExpiresAt);
        if (
            token is null
            || !DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
        )
        {
            return null;
        }

        return at - time.GetUtcNow() > TimeSpan.FromSeconds(options.RefreshBeforeSeconds) ? token : null;
    }

    private async Task<string> RefreshAsync(string sessionKey, AuthenticationTicket ticket, CancellationToken ct)
    {
        var refreshToken = ticket.Properties.GetTokenValue(RefreshToken)
            ?? throw new SessionExpiredException("the access token expired and there is no refresh token");
        var o = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await o.ConfigurationManager!.GetConfigurationAsync(ct);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = o.ClientId!,
        };
        if (!string.IsNullOrEmpty(o.ClientSecret))
        {
            form["client_secret"] = o.ClientSecret;
        }

        using var client = http.CreateClient(nameof(TokenKeeper));
        using var response = await client.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(form), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            // invalid_grant: the account was disabled, its role changed or the refresh token expired.
            logger.LogInformation("Refreshing a console session failed: {Status}", (int)response.StatusCode);
            await EndAsync(sessionKey);
            throw new SessionExpiredException("the refresh token was refused");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var access = root.GetProperty("access_token").GetString()!;
        var lifetime = root.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 300;
        var tokens = ticket.Properties.GetTokens().ToDictionary(t => t.Name, t => t.Value);
        tokens[AccessToken] = access;
        tokens[ExpiresAt] = time.GetUtcNow().AddSeconds(lifetime).ToString("o", CultureInfo.InvariantCulture);
        if (root.TryGetProperty("refresh_token", out var r) && r.GetString() is { } rotated)
        {
            tokens[RefreshToken] = rotated;
        }

        ticket.Properties.StoreTokens(tokens.Select(t => new AuthenticationToken { Name = t.Key, Value = t.Value }));
        await store.RenewAsync(sessionKey, ticket, ct);
        return access;
    }
}
