using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.PersonalData;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Credentials;

/// <summary>DOMAIN.md §1 (卡码脸) and TERMINAL-PROTOCOL.md "Credentials": face binding and QR codes.</summary>
[NonParallelizable] // one test rotates the service's QR key
public sealed class Issuing_credentials
{
    private static async Task<JsonObject> PublishedKeysAsync()
    {
        using var anonymous = Host.CreateClient();
        return (await anonymous.GetFromJsonAsync<JsonObject>("/api/cards/qr-keys"))!;
    }

    private static async Task<JsonObject> IssueAsync(HttpClient client, Guid cardId)
    {
        var response = await client.PostAsync($"/api/cards/{cardId}/qr-codes", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Test]
    public async Task A_qr_code_verifies_with_only_the_published_public_key()
    {
        var county = NewCounty();
        var (cardId, elderId) = await ProvisionActiveAsync(county);
        using var elder = Host.CreateClient("elder", elder: elderId);

        var issued = await IssueAsync(elder, cardId);
        var code = (string)issued["code"]!;
        var payload = TerminalVerifier.Verify(code, await PublishedKeysAsync(), DateTimeOffset.UtcNow);
        var payloadJson = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(code.Split('.')[1]));

        Assert.That(payload, Is.Not.Null, code);
        Assert.Multiple(() =>
        {
            Assert.That(payload!.Card, Is.EqualTo(cardId.ToString()));
            Assert.That(payload.Exp - payload.Iat, Is.InRange(1, 120));
            Assert.That(
                (DateTimeOffset?)issued["expiresAt"],
                Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(payload.Exp))
            );
            Assert.That(
                payloadJson,
                Does.Match(
                    """^\{"kid":"[^"]+","card":"[0-9a-f-]{36}","iat":\d+,"exp":\d+,"nonce":"[A-Za-z0-9_-]+"\}$"""
                )
            );
            Assert.That(code, Does.Not.Contain("=").And.Not.Contain("+").And.Not.Contain("/"));
            Assert.That(Base64Url.DecodeFromChars(code.Split('.')[2]), Has.Length.EqualTo(64), "P1363 r||s of P-256");
        });
    }

    [Test]
    public async Task An_expired_or_tampered_code_fails_verification()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionActiveAsync(county);
        var (otherCard, _) = await ProvisionActiveAsync(county);
        using var bureau = Bureau(county);
        var code = (string)(await IssueAsync(bureau, cardId))["code"]!;
        var keys = await PublishedKeysAsync();
        var parts = code.Split('.');
        var payload = TerminalVerifier.Verify(code, keys, DateTimeOffset.UtcNow)!;

        var forgedPayload = Base64Url.EncodeToString(
            Encoding.UTF8.GetBytes(
                Encoding
                    .UTF8.GetString(Base64Url.DecodeFromChars(parts[1]))
                    .Replace(cardId.ToString(), otherCard.ToString(), StringComparison.Ordinal)
            )
        );
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[10] ^= 0x01;

        Assert.Multiple(() =>
        {
            Assert.That(
                TerminalVerifier.Verify(code, keys, DateTimeOffset.FromUnixTimeSeconds(payload.Exp)),
                Is.Not.Null,
                "valid up to exp"
            );
            Assert.That(
                TerminalVerifier.Verify(code, keys, DateTimeOffset.FromUnixTimeSeconds(payload.Exp + 1)),
                Is.Null,
                "expired"
            );
            Assert.That(
                TerminalVerifier.Verify($"LC1.{forgedPayload}.{parts[2]}", keys, DateTimeOffset.UtcNow),
                Is.Null,
                "payload swapped"
            );
            Assert.That(
                TerminalVerifier.Verify(
                    $"LC1.{parts[1]}.{Base64Url.EncodeToString(signature)}",
                    keys,
                    DateTimeOffset.UtcNow
                ),
                Is.Null,
                "signature altered"
            );
            Assert.That(
                TerminalVerifier.Verify($"LC2.{parts[1]}.{parts[2]}", keys, DateTimeOffset.UtcNow),
                Is.Null,
                "wrong prefix"
            );
        });
    }

    [Test]
    public async Task After_a_rotation_codes_of_the_previous_key_still_verify_until_they_expire()
    {
        var county = NewCounty();
        var (cardId, elderId) = await ProvisionActiveAsync(county);
        var agentClient = Host.CreateClient("agent", elders: [elderId]);
        var before = await PublishedKeysAsync();
        var oldCode = (string)(await IssueAsync(agentClient, cardId))["code"]!;

        using var province = Host.CreateClient("province", subject: "province-admin");
        var rotate = await province.PostAsync("/api/cards/qr-keys/rotate", null);
        Assert.That(rotate.StatusCode, Is.EqualTo(HttpStatusCode.OK), await rotate.Content.ReadAsStringAsync());
        var after = await PublishedKeysAsync();
        var newCode = (string)(await IssueAsync(agentClient, cardId))["code"]!;
        var oldKid = (string)before["currentKeyId"]!;
        var newKid = (string)after["currentKeyId"]!;
        var oldPayload = TerminalVerifier.Verify(oldCode, after, DateTimeOffset.UtcNow);
        var previous = after["keys"]!.AsArray().Single(k => (string?)k!["kid"] == oldKid)!;

        Assert.Multiple(async () =>
        {
            Assert.That(newKid, Is.Not.EqualTo(oldKid));
            Assert.That(
                oldPayload,
                Is.Not.Null,
                "a code of the previous key verifies with the keys published after rotation"
            );
            Assert.That(TerminalVerifier.Verify(newCode, after, DateTimeOffset.UtcNow)?.Kid, Is.EqualTo(newKid));
            Assert.That((string?)previous["status"], Is.EqualTo("previous"));
            Assert.That(
                (DateTimeOffset?)previous["notAfter"],
                Is.GreaterThanOrEqualTo(DateTimeOffset.FromUnixTimeSeconds(oldPayload!.Exp))
            );
            Assert.That((string?)after["keys"]![0]!["jwk"]!["crv"], Is.EqualTo("P-256"));
            var oldKeyEvents = await OutboxAsync("qr-key:" + oldKid);
            var newKeyEvents = await OutboxAsync("qr-key:" + newKid);
            Assert.That(oldKeyEvents.Select(e => (long?)e.Body["aggregateVersion"]), Is.EqualTo(new long?[] { 1, 2 }));
            Assert.That(oldKeyEvents[1].Body["notAfter"], Is.Not.Null);
            Assert.That(newKeyEvents.Select(e => e.MessageType), Is.EqualTo(new[] { "QrSigningKeyPublished" }));
            Assert.That(
                (string?)newKeyEvents[0].Body["publicKeySpki"],
                Is.EqualTo((string?)after["keys"]![0]!["publicKeySpki"])
            );
            // The private key lives in the key file only, never in the database.
            Assert.That(
                await Database.ScalarAsync<long>(
                    Host.Schema,
                    "SELECT count(*) FROM outbox WHERE body::text LIKE '%PRIVATE%' OR body::text LIKE '%pkcs8%'"
                ),
                Is.Zero
            );
        });
    }

    [Test]
    public async Task A_face_is_stored_as_a_keyed_hash_and_binds_one_card_only()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionActiveAsync(county);
        var (otherCard, _) = await ProvisionActiveAsync(county);
        using var bureau = Bureau(county);
        var faceId = "face-" + Guid.NewGuid();

        var bind = await bureau.PutAsJsonAsync($"/api/cards/{cardId}/face", new { faceId });
        var again = await bureau.PutAsJsonAsync($"/api/cards/{cardId}/face", new { faceId });
        var other = await bureau.PutAsJsonAsync($"/api/cards/{otherCard}/face", new { faceId });

        var hash = Host.Services.GetRequiredService<PersonalDataProtector>().Hash(faceId);
        var published = (await OutboxAsync(cardId.ToString())).Last();
        await using var connection = await Database.OpenAsync(Host.Schema);
        Assert.Multiple(async () =>
        {
            Assert.That(bind.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((bool?)(await bind.Content.ReadFromJsonAsync<JsonObject>())!["faceBound"], Is.True);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "binding the same face again changes nothing");
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((string?)(await ProblemAsync(other))["code"], Is.EqualTo("face_already_bound"));
            Assert.That(
                await connection.ExecuteScalarAsync<string>(
                    "SELECT face_id_hash FROM cards WHERE card_id = @cardId",
                    new { cardId }
                ),
                Is.EqualTo(hash)
            );
            Assert.That(
                await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM cards WHERE face_id_hash = @faceId",
                    new { faceId }
                ),
                Is.Zero
            );
            Assert.That(
                await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM outbox WHERE body::text LIKE '%' || @faceId || '%'",
                    new { faceId }
                ),
                Is.Zero
            );
            Assert.That(published.MessageType, Is.EqualTo("CardFaceBound"));
            Assert.That((string?)published.Body["faceIdHash"], Is.EqualTo(hash));
            Assert.That((await OutboxAsync(otherCard.ToString())).Last().MessageType, Is.EqualTo("CardActivated"));
        });
    }
}
