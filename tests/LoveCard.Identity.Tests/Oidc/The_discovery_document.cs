using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace LoveCard.Identity.Tests.Oidc;

public sealed class The_discovery_document
{
    [Test]
    public async Task Offers_the_code_grant_with_S256_and_no_password_grant()
    {
        using var client = Hosts.Identity.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/.well-known/openid-configuration"))!;
        var grants = document["grant_types_supported"]!.AsArray().Select(g => g!.GetValue<string>()).ToArray();
        var methods = document["code_challenge_methods_supported"]!
            .AsArray()
            .Select(g => g!.GetValue<string>())
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(document["issuer"]!.GetValue<string>(), Is.EqualTo(Hosts.Issuer.AbsoluteUri));
            Assert.That(
                grants,
                Does.Contain("authorization_code").And.Contain("refresh_token").And.Contain("client_credentials")
            );
            Assert.That(grants, Does.Not.Contain("password").And.Not.Contain("implicit"));
            Assert.That(methods, Is.EqualTo(new[] { "S256" }));
        });
    }

    [Test]
    public async Task Publishes_RSA_signing_keys()
    {
        using var client = Hosts.Identity.CreateClient();
        var keys = JsonNode.Parse(await client.GetStringAsync("/.well-known/jwks"))!["keys"]!.AsArray();
        Assert.That(keys, Is.Not.Empty);
        Assert.That(keys.Select(k => k!["kty"]!.GetValue<string>()), Is.All.EqualTo("RSA"));
        Assert.That(keys.Select(k => k!["d"]), Is.All.Null, "no private part in the key set");
    }

    [Test]
    public async Task Refuses_the_password_grant()
    {
        using var client = Hosts.Identity.CreateClient();
        var response = await client.PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "password",
                    ["username"] = "someone",
                    ["password"] = "anything",
                    ["client_id"] = "lovecard-console",
                }
            )
        );
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(body["error"]!.GetValue<string>(), Is.EqualTo("unsupported_grant_type"));
    }
}
