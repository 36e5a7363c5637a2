using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;

namespace LoveCard.Identity.Tests.Accounts;

/// <summary>
/// Township (乡镇/街道) and village (村/社区) officials (ADR 0044): a county's bureau admin makes them with an area
/// inside its county; they sign in with a <c>township</c> or <c>village</c> role and their <c>area</c> claim, and
/// make no accounts themselves.
/// </summary>
public sealed class Area_officials
{
    private const string County = "330902";

    private static object Official(string accountRole, string? area, string county = County) =>
        new
        {
            accountRole,
            userName = People.UniqueName(accountRole.Replace('_', '-')),
            displayName = "乡镇干部",
            county,
            area,
            reason = "t",
        };

    [Test]
    public async Task A_bureau_admin_makes_them_with_an_area_of_its_own_county()
    {
        var admin = await People.StaffAsync("bureau_admin", County);
        var token = Hosts.Identity.Token(Roles.Bureau, County, subject: admin.AccountId.ToString());
        var township = await People.PostAsync("/api/accounts", Official("township_official", "330902001"), token);
        var village = await People.PostAsync("/api/accounts", Official("village_official", "330902001002"), token);
        var wrongLength = await People.PostAsync("/api/accounts", Official("township_official", "330902001002"), token);
        var outside = await People.PostAsync("/api/accounts", Official("village_official", "330903001002"), token);
        var none = await People.PostAsync("/api/accounts", Official("township_official", null), token);
        var otherCounty = await People.PostAsync(
            "/api/accounts",
            Official("township_official", "330903001", "330903"),
            token
        );
        var made = JsonNode.Parse(await township.Content.ReadAsStringAsync())!;
        var wrongLengthBody = await wrongLength.Content.ReadAsStringAsync();
        var accountId = made["account"]!["accountId"]!.GetValue<string>();
        var createdArea = await Database.ScalarAsync<string?>(
            "identity",
            "SELECT body->>'area' FROM outbox WHERE aggregate_id = @accountId ORDER BY id LIMIT 1",
            new { accountId }
        );
        Assert.Multiple(() =>
        {
            Assert.That(township.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(made["account"]!["area"]!.GetValue<string>(), Is.EqualTo("330902001"));
            Assert.That(made["account"]!["role"]!.GetValue<string>(), Is.EqualTo(Roles.Township));
            Assert.That(createdArea, Is.EqualTo("330902001"), "AccountCreated carries the area for the audit trail");
            Assert.That(village.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(wrongLength.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a township has 9 digits");
            Assert.That(wrongLengthBody, Does.Contain("invalid_area"));
            Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the area lies in the county");
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "an official names the area");
            Assert.That(otherCounty.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "not in another county");
        });
    }

    [Test]
    public async Task An_official_signs_in_with_the_area_claim_and_makes_no_accounts()
    {
        var official = await People.CreateAsync(Official("village_official", "330902001003"));
        using var browser = People.Browser();
        var (tokens, _) = await People.SignInAsync(browser, official);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken);
        var claims = jwt.Claims.ToLookup(c => c.Type, c => c.Value);
        var elder = await People.PostAsync(
            "/api/accounts",
            new
            {
                accountRole = "elder",
                elderId = Guid.NewGuid(),
                phone = "13900000001",
                reason = "t",
            },
            tokens.AccessToken
        );
        var clerk = await People.PostAsync(
            "/api/accounts",
            new
            {
                accountRole = "bureau_clerk",
                userName = People.UniqueName("clerk"),
                displayName = "科员",
                county = County,
                reason = "t",
            },
            tokens.AccessToken
        );
        Assert.Multiple(() =>
        {
            Assert.That(claims[LoveCardClaims.Role], Is.EqualTo(new[] { Roles.Village }));
            Assert.That(claims[LoveCardClaims.County], Is.EqualTo(new[] { County }));
            Assert.That(claims[LoveCardClaims.Area], Is.EqualTo(new[] { "330902001003" }));
            Assert.That(elder.StatusCode, Is.Not.EqualTo(HttpStatusCode.Created));
            Assert.That(clerk.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }
}
