using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static LoveCard.Cards.Tests.CardsTestKit;

namespace LoveCard.Cards.Tests.Lifecycle;

/// <summary>DOMAIN.md §1, 动态管理: suspend, resume, reissue, revoke, with reasons and the operator.</summary>
public sealed class Managing_a_card
{
    [Test]
    public async Task Replacing_a_card_blocks_the_old_number_at_once_and_publishes_both_numbers()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionActiveAsync(county);
        using var bureau = Bureau(county);
        var oldNumber = (string)(await CardAsync(cardId, county))["cardNumber"]!;

        await bureau.PostAsJsonAsync($"/api/cards/{cardId}/suspend", new { reason = "lost" });
        var response = await bureau.PostAsJsonAsync(
            $"/api/cards/{cardId}/replace",
            new { note = "reissued at the counter" }
        );
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var card = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var newNumber = (string)card["cardNumber"]!;

        var oldLookup = (await bureau.GetFromJsonAsync<JsonObject>($"/api/cards/numbers/{oldNumber}"))!;
        var newLookup = (await bureau.GetFromJsonAsync<JsonObject>($"/api/cards/numbers/{newNumber}"))!;
        var unknown = await bureau.GetAsync("/api/cards/numbers/L00000000");
        var replaced = (await OutboxAsync(cardId.ToString())).Last();
        Assert.Multiple(() =>
        {
            Assert.That(newNumber, Is.Not.EqualTo(oldNumber));
            // A card lost and reissued is usable again under its new number.
            Assert.That((string?)card["status"], Is.EqualTo("active"));
            Assert.That((string?)oldLookup["state"], Is.EqualTo("replaced"));
            Assert.That((string?)newLookup["state"], Is.EqualTo("current"));
            Assert.That((Guid?)oldLookup["cardId"], Is.EqualTo(cardId));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(replaced.MessageType, Is.EqualTo("CardReplaced"));
            Assert.That((string?)replaced.Body["previousCardNumber"], Is.EqualTo(oldNumber));
            Assert.That((string?)replaced.Body["cardNumber"], Is.EqualTo(newNumber));
            Assert.That((string?)replaced.Body["status"], Is.EqualTo("active"));
            Assert.That((string?)replaced.Body["actor"]!["id"], Is.EqualTo($"bureau-user-{county}"));
        });
    }

    [Test]
    public async Task Revoking_is_final()
    {
        var county = NewCounty();
        var (cardId, elderId) = await ProvisionActiveAsync(county);
        using var bureau = Bureau(county);
        var revoked = await bureau.PostAsJsonAsync($"/api/cards/{cardId}/revoke", new { reason = "death" });
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var version = await VersionAsync(cardId);

        using var elder = Host.CreateClient("elder", elder: elderId);
        var attempts = new[]
        {
            await bureau.PostAsJsonAsync($"/api/cards/{cardId}/resume", new { }),
            await bureau.PostAsJsonAsync($"/api/cards/{cardId}/suspend", new { reason = "other" }),
            await bureau.PostAsJsonAsync($"/api/cards/{cardId}/replace", new { }),
            await bureau.PostAsJsonAsync($"/api/cards/{cardId}/revoke", new { reason = "left_programme" }),
            await bureau.PutAsJsonAsync($"/api/cards/{cardId}/modules", new { modules = new[] { "elder", "bus" } }),
            await bureau.PutAsJsonAsync($"/api/cards/{cardId}/face", new { faceId = Guid.NewGuid().ToString() }),
            await elder.PostAsJsonAsync($"/api/cards/{cardId}/consent", new { givenBy = "elder", channel = "online" }),
            await elder.PostAsync($"/api/cards/{cardId}/qr-codes", null),
        };
        // A later classification does not revive it either.
        await PublishAsync(Classified(elderId, county, 1, version: 5));
        await Task.Delay(500);

        foreach (var attempt in attempts)
        {
            Assert.That(
                attempt.StatusCode,
                Is.EqualTo(HttpStatusCode.Conflict),
                attempt.RequestMessage!.RequestUri!.ToString()
            );
            Assert.That((string?)(await ProblemAsync(attempt))["code"], Is.EqualTo("card_revoked"));
        }

        var card = await CardAsync(cardId, county);
        Assert.Multiple(async () =>
        {
            Assert.That((string?)card["status"], Is.EqualTo("revoked"));
            Assert.That((string?)card["statusReason"], Is.EqualTo("death"));
            Assert.That(await VersionAsync(cardId), Is.EqualTo(version));
            Assert.That((await OutboxAsync(cardId.ToString())).Last().MessageType, Is.EqualTo("CardRevoked"));
        });
    }

    [Test]
    public async Task An_illegal_transition_is_a_409_with_a_code_and_changes_nothing()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionAsync(county);
        using var bureau = Bureau(county);
        var before = await CardAsync(cardId, county);
        var eventsBefore = (await OutboxAsync(cardId.ToString())).Count;

        var resume = await bureau.PostAsJsonAsync($"/api/cards/{cardId}/resume", new { });
        var qr = await Host.CreateClient("bureau", county).PostAsync($"/api/cards/{cardId}/qr-codes", null);

        Assert.Multiple(async () =>
        {
            Assert.That(resume.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((string?)(await ProblemAsync(resume))["code"], Is.EqualTo("card_not_suspended"));
            Assert.That(qr.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((string?)(await ProblemAsync(qr))["code"], Is.EqualTo("card_pending_consent"));
            Assert.That((await CardAsync(cardId, county)).ToJsonString(), Is.EqualTo(before.ToJsonString()));
            Assert.That((await OutboxAsync(cardId.ToString())).Count, Is.EqualTo(eventsBefore));
        });
    }

    [Test]
    public async Task A_suspension_resumes_to_the_status_it_interrupted_one_version_per_change()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionActiveAsync(county);
        using var bureau = Bureau(county);

        var suspend = await bureau.PostAsJsonAsync(
            $"/api/cards/{cardId}/suspend",
            new { reason = "dispute", note = "family dispute" }
        );
        var again = await bureau.PostAsJsonAsync($"/api/cards/{cardId}/suspend", new { reason = "lost" });
        var resume = await bureau.PostAsJsonAsync($"/api/cards/{cardId}/resume", new { });
        var badReason = await bureau.PostAsJsonAsync($"/api/cards/{cardId}/suspend", new { reason = "bored" });

        // The card events only: the consent's own record (CardConsentRecorded) travels beside its activation.
        var events = (await OutboxAsync(cardId.ToString()))
            .Where(e => e.MessageType != "CardConsentRecorded")
            .ToArray();
        var history = (await bureau.GetFromJsonAsync<JsonObject>($"/api/cards/{cardId}/history"))!;
        Assert.Multiple(async () =>
        {
            Assert.That(suspend.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((string?)(await ProblemAsync(again))["code"], Is.EqualTo("card_already_suspended"));
            Assert.That(badReason.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)(await ProblemAsync(badReason))["field"], Is.EqualTo("reason"));
            Assert.That(
                (string?)(await resume.Content.ReadFromJsonAsync<JsonObject>())!["status"],
                Is.EqualTo("active")
            );
            Assert.That(
                events.Select(e => e.MessageType),
                Is.EqualTo(new[] { "CardProvisioned", "CardActivated", "CardSuspended", "CardResumed" })
            );
            Assert.That(events.Select(e => (long?)e.Body["aggregateVersion"]), Is.EqualTo(new long?[] { 1, 2, 3, 4 }));
            Assert.That((string?)events[2].Body["statusReason"], Is.EqualTo("dispute"));
            Assert.That(
                history["changes"]!.AsArray().Select(c => (string?)c!["change"]),
                Is.EqualTo(new[] { "provisioned", "activated", "suspended", "resumed" })
            );
            Assert.That((string?)history["changes"]![2]!["detail"], Is.EqualTo("family dispute"));
        });
    }

    [Test]
    public async Task Two_racing_changes_cannot_both_apply()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionActiveAsync(county);
        using var bureau = Bureau(county);
        var version = await VersionAsync(cardId);

        var responses = await Task.WhenAll(
            Enumerable
                .Range(0, 6)
                .Select(i =>
                    bureau.PostAsJsonAsync(
                        $"/api/cards/{cardId}/revoke",
                        new { reason = i % 2 == 0 ? "death" : "left_programme" }
                    )
                )
        );

        Assert.Multiple(async () =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(5));
            Assert.That(await VersionAsync(cardId), Is.EqualTo(version + 1));
            Assert.That(
                (await OutboxAsync(cardId.ToString())).Count(e => e.MessageType == "CardRevoked"),
                Is.EqualTo(1)
            );
        });
    }

    [Test]
    public async Task A_bureau_sets_the_benefit_modules_and_they_are_published_with_the_card()
    {
        var county = NewCounty();
        var (cardId, _) = await ProvisionAsync(county);
        using var bureau = Bureau(county);

        var response = await bureau.PutAsJsonAsync(
            $"/api/cards/{cardId}/modules",
            new { modules = new[] { "bus", "elder", "preferential_care" } }
        );
        var bad = await bureau.PutAsJsonAsync($"/api/cards/{cardId}/modules", new { modules = new[] { "library" } });

        var published = (await OutboxAsync(cardId.ToString())).Last();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)(await ProblemAsync(bad))["code"], Is.EqualTo("invalid_module"));
            Assert.That(published.MessageType, Is.EqualTo("CardModulesChanged"));
            Assert.That(
                published.Body["modules"]!.AsArray().Select(m => (string?)m),
                Is.EqualTo(new[] { "elder", "preferential_care", "bus" })
            );
        });
    }

    [Test]
    public async Task A_bureau_lists_its_county_by_status_category_and_village_in_pages()
    {
        var county = NewCounty();
        for (var i = 0; i < 3; i++)
        {
            await PublishAsync(Classified(Guid.NewGuid(), county, 1, village: "330000777"));
        }

        var (other, _) = await ProvisionAsync(county, category: 2);
        using var bureau = Bureau(county);
        await Eventually.AssertAsync(async () =>
            (long)(await bureau.GetFromJsonAsync<JsonObject>($"/api/cards?county={county}"))!["total"]! == 4
        );

        var page = (
            await bureau.GetFromJsonAsync<JsonObject>(
                $"/api/cards?county={county}&category=1&village=330000777&status=pending_consent&page=2&pageSize=2"
            )
        )!;
        var category2 = (await bureau.GetFromJsonAsync<JsonObject>($"/api/cards?category=2"))!;
        var badStatus = await bureau.GetAsync($"/api/cards?status=lost");
        Assert.Multiple(() =>
        {
            Assert.That((long?)page["total"], Is.EqualTo(3));
            Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That((string?)page["items"]![0]!["villageCode"], Is.EqualTo("330000777"));
            Assert.That(
                category2["items"]!.AsArray().Select(c => (Guid?)c!["cardId"]),
                Is.EqualTo(new Guid?[] { other })
            );
            Assert.That(badStatus.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }
}
