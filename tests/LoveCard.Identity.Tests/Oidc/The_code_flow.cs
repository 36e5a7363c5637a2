using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using LoveCard.Demo.Accounts;

namespace LoveCard.Identity.Tests.Oidc;

public sealed class The_code_flow
{
    [Test]
    public async Task Gives_a_bureau_clerk_a_token_each_service_accepts_for_its_county_only()
    {
        var clerk = await People.StaffAsync("bureau_clerk", "330903");
        using var browser = People.Browser();
        var (tokens, secret) = await People.SignInAsync(browser, clerk);
        Assert.That(secret, Is.Not.Null, "a bureau clerk enrols TOTP on the way");

        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken);
        Assert.Multiple(() =>
        {
            Assert.That(jwt.Claims.Single(c => c.Type == "sub").Value, Is.EqualTo(clerk.AccountId.ToString()));
            Assert.That(jwt.Claims.Single(c => c.Type == "role").Value, Is.EqualTo("bureau"));
            Assert.That(jwt.Claims.Single(c => c.Type == "county").Value, Is.EqualTo("330903"));
            Assert.That(jwt.ValidTo - jwt.IssuedAt, Is.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(tokens.RefreshToken, Is.Not.Null);
        });

        var own = new Dictionary<string, string>
        {
            ["cards"] = "/api/cards?county=330903",
            ["eligibility"] = "/api/counties/330903/settings",
            ["whitelist"] = "/api/providers?county=330903",
            ["settlement"] = "/api/funds/330903",
        };
        foreach (var (service, path) in own)
        {
            using var client = People.Client(service, tokens.AccessToken);
            var mine = await client.GetAsync(path);
            var other = await client.GetAsync(path.Replace("330903", "330902", StringComparison.Ordinal));
            Assert.Multiple(() =>
            {
                Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{service} {path}");
                Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{service}: another county");
            });
        }
    }

    [Test]
    public async Task Rotates_refresh_tokens_and_refuses_a_used_one()
    {
        var auditor = await People.StaffAsync("auditor", "330903");
        using var browser = People.Browser();
        var (tokens, _) = await People.SignInAsync(browser, auditor);
        var next = await browser.RefreshAsync(People.ConsoleClient, tokens.RefreshToken!);
        Assert.That(next.RefreshToken, Is.Not.Null.And.Not.EqualTo(tokens.RefreshToken));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var again = Assert.ThrowsAsync<TokenRefusedException>(() =>
            browser.RefreshAsync(People.ConsoleClient, tokens.RefreshToken!)
        );
        Assert.That(again!.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task Ends_a_disabled_accounts_refresh_at_once()
    {
        var auditor = await People.StaffAsync("auditor", "330903");
        using var browser = People.Browser();
        var (tokens, _) = await People.SignInAsync(browser, auditor);
        var disabled = await People.PostAsync(
            $"/api/accounts/{auditor.AccountId}/disable",
            new { reason = "left the bureau" },
            await A_machine_client.TokenAsync()
        );
        Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.OK), await disabled.Content.ReadAsStringAsync());

        var refused = Assert.ThrowsAsync<TokenRefusedException>(() =>
            browser.RefreshAsync(People.ConsoleClient, tokens.RefreshToken!)
        );
        Assert.That(refused!.Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task Ends_the_refresh_tokens_of_a_role_change()
    {
        var clerk = await People.StaffAsync("operator", "330903");
        using var browser = People.Browser();
        var (tokens, _) = await People.SignInAsync(browser, clerk);
        using var client = Hosts.Identity.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await A_machine_client.TokenAsync());
        var changed = await client.PutAsJsonAsync(
            $"/api/accounts/{clerk.AccountId}/role",
            new { accountRole = "auditor", reason = "moved to audit" }
        );
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        Assert.ThrowsAsync<TokenRefusedException>(() =>
            browser.RefreshAsync(People.ConsoleClient, tokens.RefreshToken!)
        );
    }
}
