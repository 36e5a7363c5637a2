using System.Net;
using System.Net.Http.Headers;
using LoveCard.Eligibility;
using LoveCard.Hosting.Auth;

namespace LoveCard.Identity.Tests.Oidc;

/// <summary>With an authority and outside Development, only identity's keys count: the shared HMAC key is for tests and
/// Development.</summary>
public sealed class Outside_development
{
    [Test]
    public async Task A_service_accepts_identitys_tokens_and_refuses_the_shared_key()
    {
        await using var eligibility = await ServiceHost.StartAsync(
            EligibilityApp.Create,
            new Dictionary<string, string?>
            {
                ["environment"] = "Staging",
                ["Auth:Authority"] = Hosts.Issuer.AbsoluteUri.TrimEnd('/'),
                ["Database:Schema"] = "eligibility_staging",
                ["Bus:EndpointPrefix"] = "eligibility-staging",
                // Outside Development the personal-data keys have no public fallback (security finding S-1).
                ["PersonalData:HashKey"] = Convert.ToBase64String(
                    System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)
                ),
                ["PersonalData:EncryptionKeys:k1"] = Convert.ToBase64String(
                    System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)
                ),
                ["PersonalData:CurrentEncryptionKeyId"] = "k1",
            }
        );
        using var client = eligibility.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await A_machine_client.TokenAsync()
        );
        var withIdentity = await client.GetAsync("/api/counties/330903/settings");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            eligibility.Token(Roles.Province)
        );
        var withSharedKey = await client.GetAsync("/api/counties/330903/settings");
        Assert.Multiple(() =>
        {
            Assert.That(withIdentity.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(withSharedKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }
}
