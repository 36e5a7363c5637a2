using System.IdentityModel.Tokens.Jwt;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Demo.Accounts;
using LoveCard.Hosting.PersonalData;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Identity.Tests.Accounts;

/// <summary>
/// A family member becomes an agent only through a consent the cards service records; unlinking ends it at once.
/// </summary>
public sealed class Family_agents
{
    [Test]
    public async Task Sign_in_by_SMS_with_the_elder_in_their_token_until_consent_is_withdrawn()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var elderId = Guid.NewGuid();
        var cardId = Guid.NewGuid();
        var hash = Hosts.Identity.Services.GetRequiredService<PersonalDataProtector>().Hash(phone);
        var bus = Hosts.Identity.Services.GetRequiredService<IBus>();
        await bus.Publish(Consent(cardId, elderId, "given", hash, 2));
        await Eventually.AssertAsync(
            async () =>
                await Database.ScalarAsync<long>(
                    "identity",
                    "SELECT count(*) FROM agent_links WHERE elder_id = @elderId AND unlinked_at IS NULL",
                    new { elderId }
                ) == 1,
            TimeSpan.FromSeconds(30),
            () => "the agent link"
        );

        using var browser = People.Browser();
        var tokens = await browser.CodeFlowAsync(People.ConsoleClient, People.ConsoleRedirect, authorize =>
            browser.SignInBySmsAsync(phone, () => Sms.LastCodeAsync(phone), start: authorize)
        );
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken);
        Assert.Multiple(() =>
        {
            Assert.That(jwt.Claims.Single(c => c.Type == "role").Value, Is.EqualTo("agent"));
            Assert.That(jwt.Claims.Single(c => c.Type == "elders").Value, Does.Contain(elderId.ToString()));
            Assert.That(
                jwt.ValidTo - jwt.IssuedAt,
                Is.LessThanOrEqualTo(TimeSpan.FromMinutes(5)),
                "agents' tokens are short"
            );
        });

        await bus.Publish(Consent(cardId, elderId, "withdrawn", null, 3) with { GivenBy = "elder" });
        await Eventually.AssertAsync(
            async () =>
                await Database.ScalarAsync<long>(
                    "identity",
                    "SELECT count(*) FROM agent_links WHERE elder_id = @elderId AND unlinked_at IS NOT NULL",
                    new { elderId }
                ) == 1,
            TimeSpan.FromSeconds(30),
            () => "the link ended"
        );
        var refused = Assert.ThrowsAsync<TokenRefusedException>(() =>
            browser.RefreshAsync(People.ConsoleClient, tokens.RefreshToken!)
        );
        Assert.That(refused!.Error, Is.EqualTo("invalid_grant"));
    }

    private static CardConsentRecorded Consent(Guid cardId, Guid elderId, string action, string? hash, long version) =>
        new()
        {
            AggregateId = cardId.ToString(),
            AggregateVersion = version,
            Actor = new Actor(ActorKinds.User, "bureau-clerk-1"),
            Reason = "consent:agent:offline_assisted",
            OccurredAt = DateTimeOffset.UtcNow,
            CardId = cardId,
            ElderId = elderId,
            HomeCounty = "330903",
            ConsentId = Guid.NewGuid(),
            Action = action,
            GivenBy = "agent",
            AgentPhoneHash = hash,
            AgentPhoneMasked = "139****0000",
            AgentRelation = "daughter",
        };
}
