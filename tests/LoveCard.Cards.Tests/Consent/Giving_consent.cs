using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.PersonalData;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Consent;

/// <summary>DOMAIN.md §1: consent by the elder or an agent (代办人) activates the card; every consent is kept.</summary>
public sealed class Giving_consent
{
    private const string AgentIdNumber = "11010519491231002X";

    private static object AgentConsent(string channel = "offline_assisted") =>
        new
        {
            givenBy = "agent",
            agent = new
            {
                name = "王小明",
                idNumber = AgentIdNumber.ToLowerInvariant(),
                relation = "son",
                phone = "13812345678",
            },
            channel,
            place = "Xinhua street service centre",
            consentedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
        };

    [Test]
    public async Task By_an_agent_activates_the_card_and_keeps_the_agent_id_masked()
    {
        var county = NewCounty();
        var (cardId, elderId) = await ProvisionAsync(county);
        using var agent = Host.CreateClient("agent", elders: [Guid.NewGuid(), elderId], subject: "agent-7");

        var response = await agent.PostAsJsonAsync($"/api/cards/{cardId}/consent", AgentConsent());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());

        var history = (await agent.GetFromJsonAsync<JsonObject>($"/api/cards/{cardId}/history"))!;
        var consent = history["consents"]![0]!;
        await using var connection = await Database.OpenAsync(Host.Schema);
        var stored = await connection.QuerySingleAsync<(string Encrypted, string Hash, string Masked)>(
            "SELECT agent_id_number_encrypted, agent_id_number_hash, agent_id_number_masked FROM consents WHERE "
                + "card_id = @cardId",
            new { cardId }
        );
        var protector = Host.Services.GetRequiredService<PersonalDataProtector>();
        var events = await OutboxAsync(cardId.ToString());
        Assert.Multiple(async () =>
        {
            Assert.That((string?)(await CardAsync(cardId, county))["status"], Is.EqualTo("active"));
            Assert.That((string?)consent["givenBy"], Is.EqualTo("agent"));
            Assert.That((string?)consent["agent"]!["maskedIdNumber"], Is.EqualTo("110105********002X"));
            Assert.That((string?)consent["agent"]!["maskedName"], Is.EqualTo("王*明"));
            Assert.That((string?)consent["agent"]!["maskedPhone"], Is.EqualTo("138****5678"));
            Assert.That((string?)consent["agent"]!["relation"], Is.EqualTo("son"));
            Assert.That((string?)consent["channel"], Is.EqualTo("offline_assisted"));
            Assert.That((string?)consent["operator"], Is.EqualTo("agent-7"));
            Assert.That(history.ToJsonString(), Does.Not.Contain(AgentIdNumber).And.Not.Contain("13812345678"));
            Assert.That(stored.Encrypted, Does.Not.Contain(AgentIdNumber));
            Assert.That(protector.Decrypt(stored.Encrypted), Is.EqualTo(AgentIdNumber));
            Assert.That(stored.Hash, Is.EqualTo(protector.Hash(AgentIdNumber)));
            Assert.That(events.Last().MessageType, Is.EqualTo("CardActivated"));
            // Identity links the agent from this event: the phone's keyed hash, never the number.
            var recorded = events.Single(e => e.MessageType == "CardConsentRecorded");
            Assert.That((string?)recorded.Body["agentPhoneHash"], Is.EqualTo(protector.Hash("13812345678")));
            Assert.That(recorded.Body.ToJsonString(), Does.Not.Contain("13812345678"));
            Assert.That((string?)events.Last().Body["status"], Is.EqualTo("active"));
        });
    }

    [Test]
    public async Task Withdrawing_suspends_the_card_until_a_new_consent_and_every_consent_is_kept()
    {
        var county = NewCounty();
        var (cardId, elderId) = await ProvisionActiveAsync(county);
        using var elder = Host.CreateClient("elder", elder: elderId);
        using var bureau = Bureau(county);

        var withdraw = await elder.PostAsJsonAsync(
            $"/api/cards/{cardId}/consent/withdraw",
            new { givenBy = "elder", channel = "online" }
        );
        var resume = await bureau.PostAsJsonAsync($"/api/cards/{cardId}/resume", new { });
        var suspended = await CardAsync(cardId, county);
        var again = await bureau.PostAsJsonAsync($"/api/cards/{cardId}/consent", AgentConsent());

        var history = (await elder.GetFromJsonAsync<JsonObject>($"/api/cards/{cardId}/history"))!;
        Assert.Multiple(async () =>
        {
            Assert.That(withdraw.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)suspended["status"], Is.EqualTo("suspended"));
            Assert.That((string?)suspended["statusReason"], Is.EqualTo("consent_withdrawn"));
            Assert.That(resume.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((string?)(await ProblemAsync(resume))["code"], Is.EqualTo("consent_required"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)(await CardAsync(cardId, county))["status"], Is.EqualTo("active"));
            Assert.That(
                history["consents"]!.AsArray().Select(c => $"{c!["action"]}:{c["givenBy"]}"),
                Is.EqualTo(new[] { "given:elder", "withdrawn:elder", "given:agent" })
            );
            Assert.That(
                (await OutboxAsync(cardId.ToString())).Select(e => e.MessageType),
                Is.EqualTo(
                    new[]
                    {
                        "CardProvisioned",
                        "CardConsentRecorded",
                        "CardActivated",
                        "CardConsentRecorded",
                        "CardSuspended",
                        "CardConsentRecorded",
                        "CardActivated",
                    }
                )
            );
        });
    }

    [Test]
    public async Task Bad_input_names_the_field_and_changes_nothing()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionAsync(county);
        using var bureau = Bureau(county);

        var badId = await bureau.PostAsJsonAsync(
            $"/api/cards/{cardId}/consent",
            new
            {
                givenBy = "agent",
                agent = new
                {
                    name = "王小明",
                    idNumber = "110105194912310021",
                    relation = "son",
                    phone = "13812345678",
                },
                channel = "online",
            }
        );
        var noPlace = await bureau.PostAsJsonAsync(
            $"/api/cards/{cardId}/consent",
            new { givenBy = "elder", channel = "offline_assisted" }
        );

        Assert.Multiple(async () =>
        {
            Assert.That(badId.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)(await ProblemAsync(badId))["field"], Is.EqualTo("agent.idNumber"));
            Assert.That((await ProblemAsync(badId)).ToJsonString(), Does.Not.Contain("110105194912310021"));
            Assert.That((string?)(await ProblemAsync(noPlace))["field"], Is.EqualTo("place"));
            Assert.That((string?)(await CardAsync(cardId, county))["status"], Is.EqualTo("pending_consent"));
            Assert.That(
                await Database.ScalarAsync<long>(
                    Host.Schema,
                    "SELECT count(*) FROM consents WHERE card_id = @cardId",
                    new { cardId }
                ),
                Is.Zero
            );
        });
    }
}
