using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>Terminals and their one-time activation codes (TERMINAL-PROTOCOL.md, "Activation").</summary>
public sealed class Registering_a_terminal
{
    private static string Sha256(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static Task<string> TerminalRowAsync(string terminalId) =>
        ScalarAsync<string>(
            "SELECT row_to_json(t)::text FROM terminals t WHERE terminal_id = @terminalId",
            new { terminalId }
        );

    [Test]
    public async Task Returns_the_code_once_and_stores_and_publishes_only_its_hash()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        using var self = await ProviderClientAsync(id);
        var registered = await ReadAsync(
            await self.PostAsJsonAsync(
                $"/api/providers/{id}/terminals",
                new
                {
                    model = "LC-POS 3",
                    latitude = 28.4676,
                    longitude = 119.9229,
                    opensAt = "07:00:00",
                    closesAt = "19:30:00",
                },
                Json
            ),
            HttpStatusCode.Created
        );
        var code = registered["activationCode"]!.GetValue<string>();
        var terminalId = registered["terminal"]!["terminalId"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(code, Has.Length.GreaterThanOrEqualTo(26), "at least 128 bits");
            Assert.That(terminalId, Does.Match("^T[0-9A-Z]{11}$"));
            Assert.That(
                registered["activationCodeExpiresAt"]!.GetValue<DateTimeOffset>(),
                Is.EqualTo(Clock.GetUtcNow().AddHours(24)).Within(TimeSpan.FromSeconds(1))
            );
        });

        var row = await TerminalRowAsync(terminalId);
        Assert.Multiple(async () =>
        {
            Assert.That(row, Does.Not.Contain(code), "the code itself is not in the table");
            Assert.That(
                await ScalarAsync<string>(
                    "SELECT activation_code_hash FROM terminals WHERE terminal_id = @terminalId",
                    new { terminalId }
                ),
                Is.EqualTo(Sha256(code))
            );
        });

        var published = (await OutboxAsync(terminalId, "TerminalRegistered")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(published.ToJsonString(), Does.Not.Contain(code));
            Assert.That(published["activationCodeHash"]!.GetValue<string>(), Is.EqualTo(Sha256(code)));
            Assert.That(published["providerId"]!.GetValue<Guid>(), Is.EqualTo(id));
            Assert.That(published["opensAt"]!.GetValue<string>(), Is.EqualTo("07:00:00"));
        });

        var listed = await ReadAsync(await self.GetAsync($"/api/providers/{id}/terminals"), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(
                listed.AsArray().Select(t => t!["terminalId"]!.GetValue<string>()),
                Is.EqualTo(new[] { terminalId })
            );
            Assert.That(listed.ToJsonString(), Does.Not.Contain(code).And.Not.Contain(Sha256(code)));
        });
    }

    [Test]
    public async Task Replaces_the_code_when_re_registered_and_publishes_again()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);
        var terminalId = "LS-" + Guid.NewGuid().ToString("N")[..10];
        var first = await ReadAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/terminals",
                new { terminalId, model = "LC-POS 3" },
                Json
            ),
            HttpStatusCode.Created
        );
        Assert.That(
            first["terminal"]!["terminalId"]!.GetValue<string>(),
            Is.EqualTo(terminalId),
            "a client-chosen id is kept"
        );
        await ProblemAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/terminals",
                new { terminalId, model = "LC-POS 3" },
                Json
            ),
            HttpStatusCode.Conflict,
            "terminal_id_taken"
        );

        var second = await ReadAsync(
            await bureau.PostAsync($"/api/providers/{id}/terminals/{terminalId}/activation-code", null),
            HttpStatusCode.OK
        );
        var oldCode = first["activationCode"]!.GetValue<string>();
        var newCode = second["activationCode"]!.GetValue<string>();
        Assert.That(newCode, Is.Not.EqualTo(oldCode));
        Assert.That(
            await ScalarAsync<string>(
                "SELECT activation_code_hash FROM terminals WHERE terminal_id = @terminalId",
                new { terminalId }
            ),
            Is.EqualTo(Sha256(newCode))
        );

        var published = await OutboxAsync(terminalId, "TerminalRegistered");
        Assert.Multiple(() =>
        {
            Assert.That(published.Select(e => e["aggregateVersion"]!.GetValue<long>()), Is.EqualTo(new[] { 1L, 2L }));
            Assert.That(
                published.Select(e => e["activationCodeHash"]!.GetValue<string>()),
                Is.EqualTo(new[] { Sha256(oldCode), Sha256(newCode) })
            );
        });
    }

    [Test]
    public async Task Publishes_a_disabled_terminal_at_once_and_issues_it_no_more_codes()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        using var self = await ProviderClientAsync(id);
        var registered = await ReadAsync(
            await self.PostAsJsonAsync($"/api/providers/{id}/terminals", new { model = "LC-POS 3" }, Json),
            HttpStatusCode.Created
        );
        var terminalId = registered["terminal"]!["terminalId"]!.GetValue<string>();

        var disabled = await ReadAsync(
            await self.PostAsJsonAsync(
                $"/api/providers/{id}/terminals/{terminalId}/disable",
                new { reason = "stolen" },
                Json
            ),
            HttpStatusCode.OK
        );
        Assert.That(disabled["status"]!.GetValue<string>(), Is.EqualTo("disabled"));
        var published = (await OutboxAsync(terminalId, "TerminalDisabled")).Single();
        Assert.That(
            (published["aggregateVersion"]!.GetValue<long>(), published["reason"]!.GetValue<string>()),
            Is.EqualTo((2L, "stolen"))
        );

        await ProblemAsync(
            await self.PostAsync($"/api/providers/{id}/terminals/{terminalId}/activation-code", null),
            HttpStatusCode.Conflict,
            "terminal_disabled"
        );
        await ProblemAsync(
            await self.PostAsync($"/api/providers/{id}/terminals/{terminalId}/disable", null),
            HttpStatusCode.Conflict,
            "terminal_already_disabled"
        );
    }

    /// <summary>Finding S-10: <c>t330903meal01</c> beside <c>T330903MEAL01</c> read as one terminal to a
    /// person.</summary>
    [Test]
    public async Task Refuses_an_id_that_differs_from_a_registered_one_only_in_case()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);
        var terminalId = "LS-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await ReadAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/terminals",
                new { terminalId, model = "LC-POS 3" },
                Json
            ),
            HttpStatusCode.Created
        );

        var lower = terminalId.ToLowerInvariant();
        await ProblemAsync(
            await bureau.PostAsJsonAsync(
                $"/api/providers/{id}/terminals",
                new { terminalId = lower, model = "LC-POS 3" },
                Json
            ),
            HttpStatusCode.Conflict,
            "terminal_id_taken"
        );
        Assert.That(
            await ScalarAsync<long>("SELECT count(*) FROM terminals WHERE lower(terminal_id) = @lower", new { lower }),
            Is.EqualTo(1)
        );
    }
}
