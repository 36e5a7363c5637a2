using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using LoveCard.Settlement;
using Npgsql;

namespace LoveCard.Backup.Tests;

/// <summary>
/// The restore drill (docs/runbook.md, "Backup and restore"; figures in docs/reliability.md):
/// settlement writes to a private cluster that archives its WAL; a base backup is taken with
/// <c>deploy/backup/base-backup.sh</c>; settlement writes more, a time is noted, and writes again;
/// <c>deploy/backup/restore.sh</c> restores to that time into a new cluster. The restored database
/// holds exactly what was written before the time, its ledger invariants hold and its audit chain
/// verifies. Each write is a top-up proposed and approved (postings, fund shards) whose
/// <c>FundTopUpApproved</c> travels through the outbox and the bus into the audit chain.
/// </summary>
public sealed partial class Restoring_to_a_point_in_time
{
    private const string County = "331102";
    private const long AmountFen = 1_000_00;

    [Test]
    public async Task Restores_to_a_time_with_the_ledger_and_the_audit_chain_intact()
    {
        var root = PrivateCluster.NewRoot();
        var primary = await PrivateCluster.InitAsync(root);
        PrivateCluster? restored = null;
        try
        {
            await using (var settlement = await StartSettlementAsync(primary))
            {
                await TopUpsAsync(settlement, primary, 3, expectedAudit: 3);

                var backup = Stopwatch.StartNew();
                var client = new Dictionary<string, string>
                {
                    ["PGHOST"] = "127.0.0.1",
                    ["PGPORT"] = Port(primary),
                    ["PGUSER"] = "postgres",
                };
                var backupDir = (
                    await PrivateCluster.RunAsync(
                        [
                            "bash",
                            "deploy/backup/base-backup.sh",
                            Path.Combine(root, "backups"),
                            "--archive",
                            primary.Archive,
                            "--keep",
                            "2",
                        ],
                        client
                    )
                ).Trim();
                backup.Stop();

                await TopUpsAsync(settlement, primary, 2, expectedAudit: 5);
                await using var connection = new NpgsqlConnection(primary.ConnectionString());
                await connection.OpenAsync();
                var target = await connection.ExecuteScalarAsync<DateTime>("SELECT now()");
                await Task.Delay(TimeSpan.FromSeconds(1));
                await TopUpsAsync(settlement, primary, 2, expectedAudit: 7);
                // What archive_timeout does on a live server within a minute: close the segment so it is archived.
                var segment = await connection.ExecuteScalarAsync<string>(
                    "SELECT pg_walfile_name(pg_current_wal_lsn())"
                );
                await connection.ExecuteAsync("SELECT pg_switch_wal()");
                await Eventually.AssertAsync(
                    async () =>
                        string.CompareOrdinal(
                            await connection.ExecuteScalarAsync<string?>(
                                "SELECT last_archived_wal FROM pg_stat_archiver"
                            ),
                            segment
                        ) >= 0,
                    TimeSpan.FromSeconds(60),
                    () => $"WAL segment {segment} archived"
                );

                var restoredData = Path.Combine(root, "restored");
                var port = PrivateCluster.FreePort();
                var at = target.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00";
                var restore = Stopwatch.StartNew();
                var output = await PrivateCluster.RunAsync([
                    "bash",
                    "deploy/backup/restore.sh",
                    "--backup",
                    backupDir,
                    "--archive",
                    primary.Archive,
                    "--data",
                    restoredData,
                    "--port",
                    port.ToString(CultureInfo.InvariantCulture),
                    "--start",
                    "--target-time",
                    at,
                ]);
                restore.Stop();
                restored = PrivateCluster.Restored(root, restoredData, port);
                TestContext.Progress.WriteLine(
                    $"Drill: base backup {backup.Elapsed.TotalSeconds:F1} s "
                        + $"({File.ReadAllText(Path.Combine(backupDir, "lovecard-backup.json")).Trim()}); "
                        + $"restore to a time {restore.Elapsed.TotalSeconds:F1} s; {output.Trim().Replace('\n', ' ')}"
                );
                Assert.That(Promoted().IsMatch(output), Is.True, output);
            }

            await using var copy = new NpgsqlConnection(restored.ConnectionString());
            await copy.OpenAsync();
            await copy.ExecuteAsync("SET search_path = settlement");
            var topUps = await copy.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM fund_top_ups WHERE status = 'approved'"
            );
            var entries = await copy.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_entries");
            var balance = await copy.ExecuteScalarAsync<long>(
                "SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards"
            );
            Assert.Multiple(() =>
            {
                Assert.That(topUps, Is.EqualTo(5), "the five top-ups before the time, none after");
                Assert.That(entries, Is.EqualTo(5), "their five audit entries");
                Assert.That(balance, Is.EqualTo(5 * AmountFen));
            });
            await LedgerInvariants.AssertAsync(copy);

            await using var verifier = await StartSettlementAsync(restored);
            using var province = verifier.CreateClient("province");
            var verdict = await province.GetFromJsonAsync<JsonNode>("/api/audit/verify");
            Assert.That((bool)verdict!["valid"]!, Is.True, verdict.ToJsonString());
            Assert.That((long)verdict["checked"]!, Is.GreaterThanOrEqualTo(5));
        }
        finally
        {
            if (restored is not null)
            {
                await restored.StopAsync();
            }

            await primary.StopAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Port(PrivateCluster cluster) => cluster.Port.ToString(CultureInfo.InvariantCulture);

    private static Task<ServiceHost> StartSettlementAsync(PrivateCluster cluster) =>
        ServiceHost.StartAsync(
            SettlementApp.Create,
            new Dictionary<string, string?>
            {
                ["environment"] = "Development",
                ["ConnectionStrings:Postgres"] = cluster.ConnectionString(),
            }
        );

    /// <summary>Proposes and approves <paramref name="count"/> top-ups, then waits for their audit entries.</summary>
    private static async Task TopUpsAsync(ServiceHost settlement, PrivateCluster cluster, int count, long expectedAudit)
    {
        using var maker = settlement.CreateClient("bureau", County, subject: "drill-maker");
        using var checker = settlement.CreateClient("bureau", County, subject: "drill-checker");
        for (var i = 0; i < count; i++)
        {
            using var propose = new HttpRequestMessage(HttpMethod.Post, $"/api/funds/{County}/fiscal/top-ups")
            {
                Content = JsonContent.Create(new { amountFen = AmountFen, note = "drill" }),
            };
            propose.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var proposed = await maker.SendAsync(propose);
            var body = await proposed.Content.ReadAsStringAsync();
            Assert.That((int)proposed.StatusCode, Is.EqualTo(201), body);
            var topUpId = (string)JsonNode.Parse(body)!["topUpId"]!;
            using var approved = await checker.PostAsync($"/api/funds/{County}/top-ups/{topUpId}/approve", null);
            Assert.That(approved.IsSuccessStatusCode, Is.True, await approved.Content.ReadAsStringAsync());
        }

        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        await Eventually.AssertAsync(
            async () =>
                await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM settlement.audit_entries")
                == expectedAudit,
            TimeSpan.FromSeconds(60),
            () => $"{expectedAudit} audit entries"
        );
    }

    [GeneratedRegex(@"replayed and promoted in \d+ ms")]
    private static partial Regex Promoted();
}
