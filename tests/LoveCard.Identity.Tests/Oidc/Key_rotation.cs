using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Text.Json.Nodes;

namespace LoveCard.Identity.Tests.Oidc;

public sealed class Key_rotation
{
    [Test]
    public async Task Publishes_the_new_key_beside_the_one_that_still_signs()
    {
        using var client = Hosts.Identity.CreateClient();
        var before = JsonNode.Parse(await client.GetStringAsync("/.well-known/jwks"))!["keys"]!
            .AsArray()
            .Select(k => k!["kid"]!.GetValue<string>())
            .ToList();
        var rotated = await People.PostAsync(
            "/api/signing-keys/rotate",
            new { reason = "drill" },
            await A_machine_client.TokenAsync()
        );
        var body = JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!;
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        var newKey = body["keyId"]!.GetValue<string>();

        var after = JsonNode.Parse(await client.GetStringAsync("/.well-known/jwks"))!["keys"]!
            .AsArray()
            .Select(k => k!["kid"]!.GetValue<string>())
            .ToList();
        var signer = new JwtSecurityTokenHandler().ReadJwtToken(await A_machine_client.TokenAsync()).Header.Kid;
        Assert.Multiple(() =>
        {
            Assert.That(
                after,
                Does.Contain(newKey).And.Count.GreaterThanOrEqualTo(2),
                "two keys live during the roll-over"
            );
            Assert.That(after, Is.SupersetOf(before), "the old key stays published");
            Assert.That(signer, Is.Not.EqualTo(newKey), "the new key signs only after the publication lead");
            Assert.That(before, Does.Contain(signer));
        });
    }
}
