using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OtpNet;

namespace LoveCard.Demo.Accounts;

/// <summary>
/// A person at the identity service's sign-in pages, driven by plain HTTP (cookies and forms, as a
/// browser without JavaScript would): the password, a forced password change, TOTP enrolment
/// (reading the manual-entry key off the page), the TOTP prompt, and the authorization code flow
/// with PKCE (S256) ending in tokens. The demo sets its accounts up with it; the tests sign in with it.
/// </summary>
public sealed partial class SignInBrowser : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, long> _lastStep = [];

    public SignInBrowser(Uri identity, TimeProvider? time = null)
    {
        Identity = identity;
        Time = time ?? TimeProvider.System;
        _http = new HttpClient(
            new HttpClientHandler
            {
                AllowAutoRedirect = false,
                CookieContainer = new CookieContainer(),
                UseCookies = true,
            }
        )
        {
            BaseAddress = identity,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri Identity { get; }

    public TimeProvider Time { get; }

    public enum Outcome
    {
        SignedIn,
        Refused,
        Locked,
        NeedsPasswordChange,
        NeedsTotp,
    }

    /// <summary>
    /// Where the sign-in ended: the outcome, the last location, a TOTP secret enrolled on the way, its recovery codes.
    /// </summary>
    public sealed record Result(
        Outcome Outcome,
        Uri? Location,
        string? TotpSecret,
        IReadOnlyList<string> RecoveryCodes,
        string LastPage
    );

    /// <summary>The tokens of a completed code flow.</summary>
    public sealed record Tokens(string AccessToken, string? RefreshToken, string? IdToken, int ExpiresIn);

    /// <summary>
    /// Signs a staff member in from <paramref name="start"/> (the login page, or an authorize URL): the
    /// password, then whatever the account needs. <paramref name="newPassword"/> answers a forced
    /// change; <paramref name="totpSecret"/> answers the prompt, and is learnt on enrolment.
    /// </summary>
    public async Task<Result> SignInStaffAsync(
        string userName,
        string password,
        string? newPassword = null,
        string? totpSecret = null,
        string start = "/account/login",
        bool enrol = true,
        CancellationToken ct = default
    )
    {
        var page = await FollowAsync(await _http.GetAsync(start, ct), ct);
        if (page.Location is { } external)
        {
            return new Result(Outcome.SignedIn, external, totpSecret, [], "");
        }

        var recovery = new List<string>();
        var response = await PostFormAsync(page, new() { ["userName"] = userName, ["password"] = password }, ct);
        for (var steps = 0; steps < 10; steps++)
        {
            page = await FollowAsync(response, ct);
            if (page.Location is { } done)
            {
                return new Result(Outcome.SignedIn, done, totpSecret, recovery, "");
            }

            switch (page.Path)
            {
                case "/account/locked-out":
                    return new Result(Outcome.Locked, null, totpSecret, recovery, page.Html);
                case "/account" or "/account/":
                    return new Result(Outcome.SignedIn, new Uri(Identity, "/account"), totpSecret, recovery, page.Html);
                case "/account/change-password" when newPassword is not null:
                    response = await PostFormAsync(
                        page,
                        new() { ["newPassword"] = newPassword, ["confirmPassword"] = newPassword },
                        ct
                    );
                    newPassword = null;
                    break;
                case "/account/change-password" when newPassword is null:
                    return new Result(Outcome.NeedsPasswordChange, null, totpSecret, recovery, page.Html);
                case "/account/enrol-two-factor" when !enrol:
                    return new Result(Outcome.NeedsTotp, null, totpSecret, recovery, page.Html);
                case "/account/enrol-two-factor":
                    totpSecret = WebUtility.HtmlDecode(TotpKey().Match(page.Html).Groups[1].Value);
                    var shown = await FollowAsync(
                        await PostFormAsync(page, new() { ["code"] = NextCode(totpSecret) }, ct),
                        ct
                    );
                    recovery.AddRange(RecoveryCode().Matches(shown.Html).Select(m => m.Groups[1].Value));
                    response = await PostFormAsync(shown, [], ct, handler: "Done");
                    break;
                case "/account/two-factor" when totpSecret is not null:
                    response = await PostFormAsync(page, new() { ["code"] = NextCode(totpSecret) }, ct);
                    break;
                case "/account/two-factor":
                    return new Result(Outcome.NeedsTotp, null, totpSecret, recovery, page.Html);
                default:
                    return new Result(Outcome.Refused, null, totpSecret, recovery, page.Html);
            }
        }

        return new Result(Outcome.Refused, null, totpSecret, recovery, page.Html);
    }

    /// <summary>
    /// Mobile number and SMS code; <paramref name="readCode"/> fetches the code that was sent (the development outbox
    /// file).
    /// </summary>
    public async Task<Result> SignInBySmsAsync(
        string phone,
        Func<Task<string>> readCode,
        string start = "/account/sms",
        CancellationToken ct = default
    )
    {
        var page = await FollowAsync(
            await _http.GetAsync(start.StartsWith("/connect/", StringComparison.Ordinal) ? start : start, ct),
            ct
        );
        if (page.Path == "/account/login")
        {
            var link = WebUtility.HtmlDecode(SmsLink().Match(page.Html).Groups[1].Value);
            page = await FollowAsync(await _http.GetAsync(link, ct), ct);
        }

        var sent = await FollowAsync(await PostFormAsync(page, new() { ["phone"] = phone }, ct, handler: "Send"), ct);
        var verify = await FollowAsync(
            await PostFormAsync(sent, new() { ["phone"] = phone, ["code"] = await readCode() }, ct, handler: "Verify"),
            ct
        );
        return verify.Location is { } done || verify.Path is "/account"
            ? new Result(Outcome.SignedIn, verify.Location ?? new Uri(Identity, "/account"), null, [], verify.Html)
            : new Result(Outcome.Refused, null, null, [], verify.Html);
    }

    /// <summary>
    /// The authorization code flow with PKCE: the authorize request, <paramref name="signIn"/> for the
    /// pages in between (given the authorize URL to start from), then the code exchanged for tokens.
    /// </summary>
    public async Task<Tokens> CodeFlowAsync(
        string clientId,
        Uri redirectUri,
        Func<string, Task<Result>> signIn,
        string scope = "openid profile offline_access lovecard",
        CancellationToken ct = default
    )
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorize =
            $"/connect/authorize?client_id={Uri.EscapeDataString(clientId)}"
            + $"&redirect_uri={Uri.EscapeDataString(redirectUri.AbsoluteUri)}&response_type=code"
            + $"&scope={Uri.EscapeDataString(scope)}&state={state}"
            + $"&code_challenge={challenge}&code_challenge_method=S256";
        var result = await signIn(authorize);
        if (
            result.Outcome != Outcome.SignedIn
            || result.Location is null
            || !result.Location.AbsoluteUri.StartsWith(redirectUri.AbsoluteUri, StringComparison.Ordinal)
        )
        {
            throw new InvalidOperationException(
                $"The code flow did not come back to the client: {result.Outcome} {result.Location}"
            );
        }

        var query = System.Web.HttpUtility.ParseQueryString(result.Location.Query);
        if (query["state"] != state || query["code"] is not { } code)
        {
            throw new InvalidOperationException($"No code (or a wrong state) in {result.Location}");
        }

        return await TokenAsync(
            new()
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = redirectUri.AbsoluteUri,
                ["client_id"] = clientId,
                ["code_verifier"] = verifier,
            },
            ct
        );
    }

    public Task<Tokens> RefreshAsync(string clientId, string refreshToken, CancellationToken ct = default) =>
        TokenAsync(
            new()
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = clientId,
            },
            ct
        );

    /// <summary>A token request; throws with the server's error when it is refused.</summary>
    public async Task<Tokens> TokenAsync(Dictionary<string, string> form, CancellationToken ct = default)
    {
        using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(form), ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        if (!response.IsSuccessStatusCode)
        {
            throw new TokenRefusedException(
                body["error"]?.GetValue<string>() ?? "error",
                body["error_description"]?.GetValue<string>() ?? ""
            );
        }

        return new Tokens(
            body["access_token"]!.GetValue<string>(),
            body["refresh_token"]?.GetValue<string>(),
            body["id_token"]?.GetValue<string>(),
            body["expires_in"]?.GetValue<int>() ?? 0
        );
    }

    /// <summary>
    /// A TOTP code of a step not used yet by this browser (a code is good once), at most one step ahead.
    /// </summary>
    public string NextCode(string secret)
    {
        var now = Time.GetUtcNow();
        var step = now.ToUnixTimeSeconds() / 30;
        if (_lastStep.TryGetValue(secret, out var last) && step <= last)
        {
            step = last + 1;
        }

        _lastStep[secret] = step;
        return new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(
            DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime
        );
    }

    private sealed record Page(string Path, string Html, Uri? Location);

    /// <summary>
    /// Follows redirects inside the identity service; stops at a page, or at a redirect that leaves it (the client's
    /// redirect URI).
    /// </summary>
    private async Task<Page> FollowAsync(HttpResponseMessage response, CancellationToken ct)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var current = response;
            try
            {
                if ((int)current.StatusCode is >= 300 and < 400 && current.Headers.Location is { } location)
                {
                    var target = location.IsAbsoluteUri ? location : new Uri(Identity, location);
                    if (target.Authority != Identity.Authority)
                    {
                        return new Page("", "", target);
                    }

                    response = await _http.GetAsync(target.PathAndQuery, ct);
                    continue;
                }

                var path = current.RequestMessage!.RequestUri!.AbsolutePath;
                return new Page(path, await current.Content.ReadAsStringAsync(ct), null);
            }
            finally
            {
                current.Dispose();
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>
    /// Posts the page's form (first form, or the one for <paramref name="handler"/>) with its hidden fields and the
    /// given values.
    /// </summary>
    private async Task<HttpResponseMessage> PostFormAsync(
        Page page,
        Dictionary<string, string> values,
        CancellationToken ct,
        string? handler = null
    )
    {
        var forms = Form().Matches(page.Html).Select(m => m.Value).ToList();
        var form = handler is null
            ? forms.FirstOrDefault(f => !f.Contains("handler=", StringComparison.Ordinal)) ?? forms.FirstOrDefault()
            : forms.FirstOrDefault(f => f.Contains("handler=" + handler, StringComparison.Ordinal));
        if (form is null)
        {
            throw new InvalidOperationException(
                $"No form{(handler is null ? "" : " for " + handler)} on {page.Path}: "
                    + page.Html[..Math.Min(page.Html.Length, 400)]
            );
        }

        var fields = new Dictionary<string, string>();
        var hidden = Input()
            .Matches(form)
            .Select(m => m.Value)
            .Where(i => i.Contains("type=\"hidden\"", StringComparison.Ordinal));
        foreach (var input in hidden)
        {
            fields[Attribute(input, "name")] = WebUtility.HtmlDecode(Attribute(input, "value"));
        }

        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        var action = Action().Match(form) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : page.Path;
        var request = new HttpRequestMessage(HttpMethod.Post, action.Length == 0 ? page.Path : action)
        {
            Content = new FormUrlEncodedContent(fields),
        };
        return await _http.SendAsync(request, ct);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex Form();

    private static string Attribute(string tag, string name) =>
        Regex.Match(tag, "\\s" + name + "=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex("<input[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Input();

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"")]
    private static partial Regex Action();

    [GeneratedRegex("id=\"totp-key\">([^<]+)<")]
    private static partial Regex TotpKey();

    [GeneratedRegex("<li>([a-z0-9]{5}-[a-z0-9]{5})</li>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex("href=\"([^\"]*/account/sms[^\"]*)\"")]
    private static partial Regex SmsLink();

    public void Dispose() => _http.Dispose();
}
