using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace LoveCard.Identity.Tests.Oidc;

public sealed class A_machine_client
{
    public static async Task<string> TokenAsync(
        string clientId = Hosts.MachineClientId,
        string secret = Hosts.MachineClientSecret
    )
    {
        using var client = Hosts.Identity.CreateClient();
        var response = await client.PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = clientId,
                    ["client_secret"] = secret,
                    ["scope"] = "lovecard",
                }
            )
        );
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    [Test]
    public async Task Gets_a_short_signed_token_with_its_configured_role()
    {
        var token = new JwtSecurityTokenHandler().ReadJwtToken(await TokenAsync());
        Assert.Multiple(() =>
        {
            Assert.That(token.Header.Alg, Is.EqualTo("RS256"));
            Assert.That(token.Claims.Single(c => c.Type == "role").Value, Is.EqualTo("province"));
            Assert.That(token.Claims.Single(c => c.Type == "sub").Value, Is.EqualTo(Hosts.MachineClientId));
            Assert.That(token.Audiences, Does.Contain("lovecard"));
            Assert.That(token.ValidTo - token.IssuedAt, Is.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
        });
    }

    [Test]
    public async Task With_a_wrong_secret_gets_nothing()
    {
        using var client = Hosts.Identity.CreateClient();
        var response = await client.PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = Hosts.MachineClientId,
                    ["client_secret"] = "wrong",
                    ["scope"] = "lovecard",
                }
            )
        );
        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("cards", "/api/cards?county=330903")]
    [TestCase("eligibility", "/api/counties/330903/settings")]
    [TestCase("whitelist", "/api/providers?county=330903")]
    [TestCase("settlement", "/api/funds/330903")]
    public async Task Is_accepted_by_each_service_through_the_authority(string service, string path)
    {
        using var client = Hosts.Services[service].CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_token_signed_by_another_key_is_refused()
    {
        var token = await TokenAsync();
        var parts = token.Split('.');
        // Same header and claims, signature of another token: the services must check the signature.
        var other = (await TokenAsync()).Split('.')[2];
        var forged = $"{parts[0]}.{parts[1]}.{(other == parts[2] ? "AAAA" + other[4..] : other)}";
        using var client = Hosts.Services["cards"].CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        var response = await client.GetAsync("/api/cards?county=330903");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
