using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoveCard.Platform.Tests;

[TestFixture]
public sealed class Running_jobs
{
    [Test]
    public async Task A_job_that_already_ran_runs_again_when_asked_and_its_runs_are_journalled()
    {
        await using var host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = "probe_jobs" }
        );
        var runner = host.Services.GetRequiredService<JobRunner>();
        var source = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await source.OpenConnectionAsync();
        // The background loop runs it once at start (never run before); wait for that, then ask twice more.
        await Eventually.AssertAsync(async () =>
            await connection.ExecuteScalarAsync<string>("SELECT last_status FROM job_runs WHERE job_name = 'probe-job'")
            == "succeeded"
        );
        var before = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM probe_job_runs");

        Assert.That(await runner.RunNowAsync("probe-job", CancellationToken.None), Is.True);
        Assert.That(await runner.RunNowAsync("probe-job", CancellationToken.None), Is.True);

        Assert.Multiple(async () =>
        {
            Assert.That(
                await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM probe_job_runs"),
                Is.EqualTo(before + 2)
            );
            Assert.That(
                await connection.ExecuteScalarAsync<string>(
                    "SELECT last_status FROM job_runs WHERE job_name = 'probe-job'"
                ),
                Is.EqualTo("succeeded")
            );
            Assert.That(
                await runner.RunDueJobsAsync(CancellationToken.None),
                Does.Not.Contain("probe-job"),
                "not due again for a year"
            );
        });
    }
}
