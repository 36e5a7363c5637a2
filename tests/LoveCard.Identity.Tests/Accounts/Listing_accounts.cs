using System.Net;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;

namespace LoveCard.Identity.Tests.Accounts;

/// <summary>Issue 17, ADR 0031: the accounts a person manages, searched and sorted on the server.</summary>
public sealed class Listing_accounts
{
    [Test]
    public async Task Finds_an_account_by_part_of_its_user_name_and_sorts_by_a_documented_key_only()
    {
        var admin = await People.StaffAsync("bureau_admin", "330904");
        var token = Hosts.Identity.Token(Roles.Bureau, "330904", null, subject: admin.AccountId.ToString());
        var name = People.UniqueName("find");
        var created = await People.PostAsync(
            "/api/accounts",
            new
            {
                accountRole = "bureau_clerk",
                userName = name,
                displayName = "查找",
                county = "330904",
                reason = "t",
            },
            token
        );
        using var client = Hosts.Identity.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var found = JsonNode.Parse(await client.GetStringAsync($"/api/accounts?q={name.ToUpperInvariant()}"))!;
        var sorted = await client.GetAsync("/api/accounts?sort=-userName");
        var badSort = await client.GetAsync("/api/accounts?sort=passwordHash");
        var unknown = await client.GetAsync("/api/accounts?role=auditor");

        Assert.Multiple(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(found["total"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(found["items"]![0]!["userName"]!.GetValue<string>(), Is.EqualTo(name.ToLowerInvariant()));
            Assert.That(sorted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(badSort.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(
                JsonNode.Parse(await badSort.Content.ReadAsStringAsync())!["code"]!.GetValue<string>(),
                Is.EqualTo("invalid_sort")
            );
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(
                JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["field"]!.GetValue<string>(),
                Is.EqualTo("role")
            );
        });
    }
}
