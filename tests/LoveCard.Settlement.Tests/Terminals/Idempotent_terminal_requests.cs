using System.Net;
using System.Text.Json;
using Dapper;
using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Settlement.Tests.Terminals;

/// <summary>TERMINAL-PROTOCOL.md, "Idempotency", through a test endpoint that inserts one row per execution.</summary>
public sealed class Idempotent_terminal_requests
{
    private const string Executions = "/terminal/v1/test-gateway/executions";

    private static ServiceHost Host => GatewayHost.Host;

    private TestTerminal _terminal = null!;

    [OneTimeSetUp]
    public async Task RegisterTerminal() => _terminal = await TestTerminal.RegisterAndActivateAsync(Host);

    [Test]
    public async Task Replays_the_first_answer_byte_for_byte_and_acts_once()
    {
        var tag = NewTag();
        var body = TestTerminal.Serialize(new GatewayHost.ExecutionRequest(tag));

        var first = await _terminal.PostAsync(Executions, body, "key-" + tag);
        var retry = await _terminal.PostAsync(Executions, body, "key-" + tag);

        var firstBytes = await first.Content.ReadAsByteArrayAsync();
        var retryBytes = await retry.Content.ReadAsByteArrayAsync();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(first.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(retry.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
            Assert.That(
                retry.Content.Headers.ContentType?.ToString(),
                Is.EqualTo(first.Content.Headers.ContentType?.ToString())
            );
            Assert.That(retryBytes, Is.EqualTo(firstBytes));
            Assert.That(await GatewayHost.ExecutionsAsync(tag), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Refuses_the_same_key_with_another_body()
    {
        var tag = NewTag();
        await _terminal.PostJsonAsync(Executions, new GatewayHost.ExecutionRequest(tag), "key-" + tag);

        var reused = await _terminal.PostJsonAsync(
            Executions,
            new GatewayHost.ExecutionRequest(tag, DelayMs: 1),
            "key-" + tag
        );

        Assert.That(reused.StatusCode, Is.EqualTo((HttpStatusCode)422));
        Assert.That(await TestTerminal.ProblemCodeAsync(reused), Is.EqualTo("idempotency_key_reused"));
        Assert.That(await GatewayHost.ExecutionsAsync(tag), Is.EqualTo(1));
    }

    [Test]
    public async Task Scopes_keys_to_the_terminal()
    {
        var other = await TestTerminal.RegisterAndActivateAsync(Host);
        var tag = NewTag();
        var body = TestTerminal.Serialize(new GatewayHost.ExecutionRequest(tag));

        var mine = await _terminal.PostAsync(Executions, body, "shared-" + tag);
        var theirs = await other.PostAsync(Executions, body, "shared-" + tag);

        Assert.That(theirs.Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That(await theirs.Content.ReadAsStringAsync(), Is.Not.EqualTo(await mine.Content.ReadAsStringAsync()));
        Assert.That(await GatewayHost.ExecutionsAsync(tag), Is.EqualTo(2));
    }

    [TestCase(null, "idempotency_key_missing")]
    [TestCase("", "idempotency_key_missing")]
    [TestCase("k12345678901234567890123456789012345678901234567890123456789012345", "idempotency_key_invalid")]
    public async Task Requires_a_key_of_1_to_64_characters(string? key, string code)
    {
        var tag = NewTag();

        var response = await _terminal.PostJsonAsync(Executions, new GatewayHost.ExecutionRequest(tag), key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(problem.RootElement.GetProperty("code").GetString(), Is.EqualTo(code));
            Assert.That(problem.RootElement.GetProperty("field").GetString(), Is.EqualTo("Idempotency-Key"));
        });
        Assert.That(await GatewayHost.ExecutionsAsync(tag), Is.Zero);
    }

    [Test]
    public async Task Runs_200_concurrent_duplicates_once_and_gives_them_all_the_same_answer()
    {
        var tag = NewTag();
        var body = TestTerminal.Serialize(new GatewayHost.ExecutionRequest(tag, DelayMs: 300));

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 200).Select(_ => _terminal.PostAsync(Executions, body, "race-" + tag))
        );
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(
                responses.Select(r => r.StatusCode),
                Is.All.EqualTo(HttpStatusCode.OK),
                bodies.FirstOrDefault(b => !b.Contains(tag))
            );
            Assert.That(bodies.Distinct().Count(), Is.EqualTo(1));
            Assert.That(responses.Count(r => !r.Headers.Contains("Idempotent-Replayed")), Is.EqualTo(1));
            Assert.That(await GatewayHost.ExecutionsAsync(tag), Is.EqualTo(1));
            Assert.That(GatewayHost.Attempts[tag], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Keeps_nothing_when_the_handler_throws_so_a_retry_runs_again()
    {
        var tag = NewTag();
        var body = TestTerminal.Serialize(new GatewayHost.ExecutionRequest(tag, FailTimes: 1));

        var failed = await _terminal.PostAsync(Executions, body, "fail-" + tag);
        var executionsAfterFailure = await GatewayHost.ExecutionsAsync(tag);
        var retry = await _terminal.PostAsync(Executions, body, "fail-" + tag);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(executionsAfterFailure, Is.Zero, "the failed run's writes were rolled back");
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(GatewayHost.Attempts[tag], Is.EqualTo(2));
            Assert.That(await GatewayHost.ExecutionsAsync(tag), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Keeps_nothing_for_a_4xx_answer()
    {
        var tag = NewTag();
        var body = TestTerminal.Serialize(new GatewayHost.ExecutionRequest(tag, RejectTimes: 1));

        var rejected = await _terminal.PostAsync(Executions, body, "reject-" + tag);
        var retry = await _terminal.PostAsync(Executions, body, "reject-" + tag);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.False);
            Assert.That(await GatewayHost.ExecutionsAsync(tag), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Finds_the_stored_answer_by_terminal_and_key()
    {
        var tag = NewTag();
        var first = await _terminal.PostJsonAsync(Executions, new GatewayHost.ExecutionRequest(tag), "find-" + tag);
        var store = Host.Services.GetRequiredService<TerminalIdempotencyStore>();

        var found = await store.FindAsync(_terminal.TerminalId, "find-" + tag, CancellationToken.None);
        var missing = await store.FindAsync(_terminal.TerminalId, "never-sent-" + tag, CancellationToken.None);

        Assert.That(found, Is.Not.Null);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(found!.StatusCode, Is.EqualTo(200));
            Assert.That(found.Body, Is.EqualTo(await first.Content.ReadAsByteArrayAsync()));
            Assert.That(found.ResourceId, Is.EqualTo(tag));
            Assert.That(found.ContentType, Does.StartWith("application/json"));
            Assert.That(missing, Is.Null);
        });
    }

    [Test]
    public async Task Cleans_up_answers_older_than_the_retention_and_expired_nonces()
    {
        var terminalId = "cleanup-" + NewTag();
        await using (var connection = await Database.OpenAsync(Host.Schema))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO terminal_idempotency (terminal_id, idempotency_key, fingerprint, status_code, content_type,
                    body, created_at)
                VALUES (@terminalId, 'old', 'f', 200, 'application/json', '\x7b7d', now() - interval '3 days'),
                       (@terminalId, 'recent', 'f', 200, 'application/json', '\x7b7d', now() - interval '23 hours');
                INSERT INTO terminal_nonces (terminal_id, nonce, expires_at)
                VALUES (@terminalId, 'expired-nonce-0000', now() - interval '1 minute'),
                       (@terminalId, 'current-nonce-0000', now() + interval '5 minutes');
                """,
                new { terminalId }
            );
        }

        // Run directly, not through JobRunner.RunNowAsync: the platform's JobRunner fails to read
        // job_runs.last_started (DateTime into DateTimeOffset?) once a job has run before.
        var job = Host.Services.GetServices<IScheduledJob>().Single(j => j.Name == TerminalGatewayCleanupJob.JobName);
        await job.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        var keys = await TestTerminal.CountAsync(
            Host,
            "SELECT count(*) FROM terminal_idempotency WHERE terminal_id = @terminalId",
            new { terminalId }
        );
        var nonces = await TestTerminal.CountAsync(
            Host,
            "SELECT count(*) FROM terminal_nonces WHERE terminal_id = @terminalId",
            new { terminalId }
        );
        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.EqualTo(1), "only the 3-day-old answer goes");
            Assert.That(nonces, Is.EqualTo(1), "only the expired nonce goes");
        });
    }

    private static string NewTag() => Guid.NewGuid().ToString("N")[..16];
}
