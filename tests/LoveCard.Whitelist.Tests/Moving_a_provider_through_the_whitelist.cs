using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>The status workflow applied → whitelisted → suspended ↔ whitelisted → exited (DOMAIN.md §4).</summary>
public sealed class Moving_a_provider_through_the_whitelist
{
    private static async Task<HttpResponseMessage> StepAsync(
        HttpClient client,
        Guid id,
        string action,
        string reason = "bureau decision"
    ) => await client.PostAsJsonAsync($"/api/providers/{id}/{action}", new { reason }, Json);

    [Test]
    public async Task Accepts_the_legal_steps_and_refuses_the_rest_with_codes()
    {
        var county = NewCounty();
        var id = await CreateProviderAsync(county);
        using var bureau = await BureauAsync(county);

        await ProblemAsync(await StepAsync(bureau, id, "suspend"), HttpStatusCode.Conflict, "not_whitelisted");
        await ProblemAsync(await StepAsync(bureau, id, "exit"), HttpStatusCode.Conflict, "not_whitelisted");
        var whitelisted = await ReadAsync(await StepAsync(bureau, id, "whitelist", "passed review"), HttpStatusCode.OK);
        Assert.That(whitelisted["status"]!.GetValue<string>(), Is.EqualTo("whitelisted"));
        await ProblemAsync(await StepAsync(bureau, id, "whitelist"), HttpStatusCode.Conflict, "already_whitelisted");
        await ReadAsync(await StepAsync(bureau, id, "suspend", "inspection pending"), HttpStatusCode.OK);
        await ProblemAsync(await StepAsync(bureau, id, "suspend"), HttpStatusCode.Conflict, "already_suspended");
        await ReadAsync(await StepAsync(bureau, id, "whitelist", "inspection passed"), HttpStatusCode.OK);
        await ReadAsync(await StepAsync(bureau, id, "suspend", "second complaint"), HttpStatusCode.OK);
        var exited = await ReadAsync(await StepAsync(bureau, id, "exit", "contract terminated"), HttpStatusCode.OK);
        Assert.That(exited["status"]!.GetValue<string>(), Is.EqualTo("exited"));
        foreach (var action in new[] { "whitelist", "suspend", "exit" })
        {
            await ProblemAsync(await StepAsync(bureau, id, action), HttpStatusCode.Conflict, "provider_exited");
        }

        var history = await ReadAsync(await bureau.GetAsync($"/api/providers/{id}/status-history"), HttpStatusCode.OK);
        Assert.That(
            history.AsArray().Select(h => $"{h!["toStatus"]}:{h["reason"]}:{h["actorId"]}:{h["version"]}"),
            Is.EqualTo(
                new[]
                {
                    $"applied:entered_by_bureau:bureau-user-{county}:1",
                    $"whitelisted:passed review:bureau-user-{county}:2",
                    $"suspended:inspection pending:bureau-user-{county}:3",
                    $"whitelisted:inspection passed:bureau-user-{county}:4",
                    $"suspended:second complaint:bureau-user-{county}:5",
                    $"exited:contract terminated:bureau-user-{county}:6",
                }
            )
        );
    }

    [Test]
    public async Task Publishes_every_step_with_the_full_state_and_the_next_version()
    {
        var county = NewCounty();
        var id = await WhitelistedProviderAsync(county);
        using var bureau = await BureauAsync(county);
        await ReadAsync(await StepAsync(bureau, id, "suspend", "complaints"), HttpStatusCode.OK);
        await ReadAsync(await StepAsync(bureau, id, "exit", "left"), HttpStatusCode.OK);

        var whitelisted = await OutboxAsync(id.ToString(), "ProviderWhitelisted");
        var suspended = await OutboxAsync(id.ToString(), "ProviderSuspended");
        var exited = await OutboxAsync(id.ToString(), "ProviderExited");
        Assert.Multiple(() =>
        {
            Assert.That(whitelisted.Select(e => e["aggregateVersion"]!.GetValue<long>()), Is.EqualTo(new[] { 2L }));
            Assert.That(suspended.Select(e => e["aggregateVersion"]!.GetValue<long>()), Is.EqualTo(new[] { 3L }));
            Assert.That(exited.Select(e => e["aggregateVersion"]!.GetValue<long>()), Is.EqualTo(new[] { 4L }));
            Assert.That(suspended[0]["status"]!.GetValue<string>(), Is.EqualTo("suspended"));
            Assert.That(suspended[0]["reason"]!.GetValue<string>(), Is.EqualTo("complaints"));
            Assert.That(suspended[0]["county"]!.GetValue<string>(), Is.EqualTo(county));
            Assert.That(suspended[0]["creditScore"]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(suspended[0]["admissionRoute"]!.GetValue<string>(), Is.EqualTo("government_purchase"));
            Assert.That(suspended[0]["actor"]!["id"]!.GetValue<string>(), Is.EqualTo($"bureau-user-{county}"));
        });
        // And the relay sends them.
        await Eventually.AssertAsync(async () =>
            await ScalarAsync<long>(
                "SELECT count(*) FROM outbox WHERE aggregate_id = @id AND sent_at IS NULL",
                new { id = id.ToString() }
            ) == 0
        );
    }

    [Test]
    public async Task Requires_a_reason_for_every_step()
    {
        var county = NewCounty();
        var id = await CreateProviderAsync(county);
        using var bureau = await BureauAsync(county);
        await ProblemAsync(
            await StepAsync(bureau, id, "whitelist", " "),
            HttpStatusCode.BadRequest,
            "reason_required",
            "reason"
        );
        var provider = await ReadAsync(await bureau.GetAsync($"/api/providers/{id}"), HttpStatusCode.OK);
        Assert.That(provider["status"]!.GetValue<string>(), Is.EqualTo("applied"));
    }

    [Test]
    public async Task Suspends_a_provider_whose_contract_ended_by_the_daily_job()
    {
        var county = NewCounty();
        var ending = await WhitelistedProviderAsync(county, contractEnd: Today);
        var running = await WhitelistedProviderAsync(county, contractEnd: Today.AddDays(10));
        var host = await HostAsync();
        var jobs = host.Services.GetRequiredService<Hosting.Jobs.JobRunner>();

        Assert.That(await jobs.RunNowAsync(Providers.ContractEndJob.JobName, CancellationToken.None), Is.True);
        Assert.That(
            await ScalarAsync<string>("SELECT status FROM providers WHERE id = @ending", new { ending }),
            Is.EqualTo("whitelisted"),
            "the last day is still served"
        );

        // Advancing the clock also wakes the service's own job runner, which may run the job first:
        // either run suspends the provider.
        Clock.Advance(TimeSpan.FromDays(1));
        await jobs.RunNowAsync(Providers.ContractEndJob.JobName, CancellationToken.None);
        await Eventually.AssertAsync(async () =>
            await ScalarAsync<string>("SELECT status FROM providers WHERE id = @ending", new { ending }) == "suspended"
        );

        Assert.Multiple(async () =>
        {
            Assert.That(
                await ScalarAsync<string>("SELECT status FROM providers WHERE id = @ending", new { ending }),
                Is.EqualTo("suspended")
            );
            Assert.That(
                await ScalarAsync<string>("SELECT status FROM providers WHERE id = @running", new { running }),
                Is.EqualTo("whitelisted")
            );
            Assert.That(
                await ScalarAsync<string>(
                    "SELECT reason || '/' || actor_kind FROM provider_status_history WHERE provider_id = @ending "
                        + "ORDER BY id DESC LIMIT 1",
                    new { ending }
                ),
                Is.EqualTo("contract_ended/job")
            );
            var events = await OutboxAsync(ending.ToString(), "ProviderSuspended");
            Assert.That(events.Select(e => e["reason"]!.GetValue<string>()), Is.EqualTo(new[] { "contract_ended" }));
        });

        // Reinstating it without a new contract is refused: the job would only suspend it again.
        using var bureau = await BureauAsync(county);
        await ProblemAsync(await StepAsync(bureau, ending, "whitelist"), HttpStatusCode.Conflict, "contract_ended");
    }
}
