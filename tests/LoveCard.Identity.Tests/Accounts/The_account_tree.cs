using System.Net;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;
using LoveCard.Identity.Tests.Oidc;

namespace LoveCard.Identity.Tests.Accounts;

/// <summary>Who may make whose account: nobody above their own role or outside their county or provider.</summary>
public sealed class The_account_tree
{
    private static object Staff(string accountRole, string prefix, string? county = null, Guid? providerId = null) =>
        new
        {
            accountRole,
            userName = People.UniqueName(prefix),
            displayName = "测试",
            county,
            providerId,
            reason = "t",
        };

    private static string TokenOf(People.Made account, string role, string? county = null, Guid? provider = null) =>
        Hosts.Identity.Token(role, county, provider, subject: account.AccountId.ToString());

    [Test]
    public async Task A_bureau_admin_makes_clerks_of_its_own_county_only()
    {
        var admin = await People.StaffAsync("bureau_admin", "330902");
        var token = TokenOf(admin, Roles.Bureau, "330902");
        var own = await People.PostAsync("/api/accounts", Staff("bureau_clerk", "own", "330902"), token);
        var other = await People.PostAsync("/api/accounts", Staff("bureau_clerk", "oth", "330903"), token);
        var above = await People.PostAsync("/api/accounts", Staff("bureau_admin", "abv", "330902"), token);
        using var client = Hosts.Identity.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var listed = JsonNode.Parse(await client.GetStringAsync("/api/accounts?pageSize=200"))!;
        var listedCounties = listed["items"]!
            .AsArray()
            .Select(a => a!["county"]?.GetValue<string>())
            .Distinct()
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(
                listedCounties,
                Is.EqualTo(new[] { "330902" }),
                "a bureau admin lists its own county's accounts"
            );
            Assert.That(listed["total"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(1));
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(
                other.StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden),
                "a bureau of 330902 cannot make one for 330903"
            );
            Assert.That(above.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "not its own role either");
        });
    }

    [Test]
    public async Task A_provider_admin_cannot_make_a_bureau_account()
    {
        var provider = await Providers.WhitelistedAsync("330903");
        var admin = await People.StaffAsync("provider_admin", providerId: provider);
        var token = TokenOf(admin, Roles.Provider, "330903", provider);
        var bureau = await People.PostAsync("/api/accounts", Staff("bureau_clerk", "pb", "330903"), token);
        var accountant = await People.PostAsync(
            "/api/accounts",
            Staff("provider_accountant", "acc", providerId: provider),
            token
        );
        var elsewhere = await People.PostAsync(
            "/api/accounts",
            Staff("provider_accountant", "acx", providerId: Guid.NewGuid()),
            token
        );
        Assert.Multiple(() =>
        {
            Assert.That(bureau.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(accountant.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(elsewhere.StatusCode, Is.Not.EqualTo(HttpStatusCode.Created));
        });
    }

    [Test]
    public async Task A_token_whose_sub_is_no_account_manages_nothing()
    {
        var token = Hosts.Identity.Token(Roles.Province, subject: "someone-" + Guid.NewGuid());
        var response = await People.PostAsync("/api/accounts", Staff("bureau_admin", "x", "330903"), token);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Bad_input_names_the_field()
    {
        var response = await People.PostAsync(
            "/api/accounts",
            new
            {
                accountRole = "bureau_clerk",
                userName = "X",
                displayName = "",
                county = "33",
                reason = "t",
            },
            await A_machine_client.TokenAsync()
        );
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(
            body,
            Does.Contain("invalid_user_name").And.Contain("invalid_county").And.Contain("display_name_required")
        );
    }
}
