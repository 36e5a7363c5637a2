using Dapper;
using LoveCard.Fault.Tests.Harness;
using LoveCard.Terminal;

namespace LoveCard.Fault.Tests.Faults;

/// <summary>
/// F3 (issue 9): a settlement process dies after a purchase committed and before its answer left
/// (the hook <c>Terminal:FaultInjection:CrashAfterCommit</c>, <c>Environment.FailFast</c>). After a
/// restart, the terminal's retry with the same key and bytes gets the receipt that was committed,
/// byte for byte, and nothing is charged twice; a steady load on the other process goes on throughout.
/// </summary>
[Order(2)]
public sealed class F3_Crashing_settlement_between_commit_and_reply
{
    private const string CrashPrefix = "crash-";

    [Test]
    public async Task The_retry_gets_the_committed_receipt_and_nothing_is_charged_twice()
    {
        var main = await FaultWorld.MainAsync();
        var scenario = await FaultWorld.CreateScenarioAsync(main, elders: 6, terminals: 3);
        var crashSettings = new Dictionary<string, string>
        {
            ["Terminal:FaultInjection:CrashAfterCommit"] = CrashPrefix,
        };
        var crashy = await SettlementProcess.StartAsync("f3-crashy", crashSettings);
        var port = crashy.Port;
        var background = scenario.Terminals.Skip(1).Select(t => FaultWorld.Client(main.BaseAddress, t)).ToList();
        // The balance is read before the load starts: a load purchase that committed before the read
        // would otherwise be subtracted twice in the expectation below.
        var fiscal = $"fund:{scenario.County}:fiscal";
        var before = await FiscalBalanceAsync(fiscal);
        var load = new SteadyLoad();
        using var stopLoad = new CancellationTokenSource();
        var running = load.RunAsync(
            scenario,
            background,
            1000,
            FaultProfile.Pick(120.0, 300.0),
            TimeSpan.FromMilliseconds(250),
            stop: stopLoad.Token
        );

        var crashes = FaultProfile.Pick(1, 3);
        var receipts = new List<string>();
        long crashFiscalFen = 0;
        try
        {
            for (var i = 0; i < crashes; i++)
            {
                var key = CrashPrefix + Guid.NewGuid().ToString("N");
                var body = FaultWorld.PurchaseBody(scenario.Elders[0]);
                using (var victim = FaultWorld.Client(crashy.BaseAddress, scenario.Terminals[0]))
                {
                    // Send once, no retries: the answer is lost because the process died.
                    var lost = Assert.ThrowsAsync<TerminalUnreachableException>(() =>
                        victim.SendAsync(
                            HttpMethod.Post,
                            "/terminal/v1/purchases",
                            body,
                            key,
                            signed: true,
                            RetryPolicy.None
                        )
                    );
                    Assert.That(lost, Is.Not.Null);
                }

                await crashy.WaitForExitAsync(TimeSpan.FromSeconds(20));
                Assert.That(crashy.HasExited, Is.True, "the hook killed the process");
                var stored = await StoredAnswerAsync(scenario.Terminals[0].TerminalId, key);
                Assert.That(stored, Is.Not.Null, "the purchase committed before the crash");

                // The protocol's answer to a lost reply: restart, then retry with the same key and the same bytes.
                await crashy.DisposeAsync();
                crashy = await SettlementProcess.StartAsync("f3-restarted", crashSettings, port);
                using var retrying = FaultWorld.Client(crashy.BaseAddress, scenario.Terminals[0]);
                var retry = await retrying.SendAsync(
                    HttpMethod.Post,
                    "/terminal/v1/purchases",
                    body,
                    key,
                    signed: true,
                    RetryPolicy.LostAnswers
                );
                var again = await retrying.SendAsync(
                    HttpMethod.Post,
                    "/terminal/v1/purchases",
                    body,
                    key,
                    signed: true,
                    RetryPolicy.LostAnswers
                );
                var answer = retry.Read<PurchaseAnswer>();
                Assert.Multiple(async () =>
                {
                    Assert.That((int)retry.Status, Is.EqualTo(200));
                    Assert.That(retry.Replayed, Is.True, "the retry replays, it does not buy again");
                    Assert.That(retry.Body, Is.EqualTo(stored), "the committed receipt, byte for byte");
                    Assert.That(again.Body, Is.EqualTo(stored), "and again");
                    Assert.That(answer.Approved, Is.True);
                    Assert.That(
                        await FaultWorld.CountAsync(
                            "SELECT count(*) FROM purchases WHERE idempotency_key = @key",
                            new { key }
                        ),
                        Is.EqualTo(1),
                        "one purchase for the key"
                    );
                    Assert.That(
                        await FaultWorld.CountAsync(
                            "SELECT count(*) FROM purchases WHERE purchase_id = @PurchaseId AND receipt_no = "
                                + "@ReceiptNo",
                            new { answer.PurchaseId, answer.ReceiptNo }
                        ),
                        Is.EqualTo(1)
                    );
                });
                receipts.Add(answer.ReceiptNo);
                crashFiscalFen += answer.Split!.FiscalFen;
            }
        }
        finally
        {
            await stopLoad.CancelAsync();
            await running;
        }

        await load.SettleAsync(id => background.Single(c => c.Credentials!.TerminalId == id), TimeSpan.FromSeconds(60));
        foreach (var client in background)
        {
            client.Dispose();
        }

        // The crashed purchases were charged once each: the fiscal fund paid exactly the fiscal lines of the answers
        // the terminals hold.
        var loadFiscalFen = load.Outcomes.Where(o => o.Approved).Sum(o => o.Read().Split!.FiscalFen);
        Assert.That(
            await FiscalBalanceAsync(fiscal),
            Is.EqualTo(before - crashFiscalFen - loadFiscalFen),
            "nothing charged twice"
        );
        var summary = await FaultInvariants.AssertAsync(scenario, load.Outcomes);
        FaultProfile.Record(
            "F3",
            $"{crashes} crash(es) after commit (FailFast), restart on the same port, retry with the same key and "
                + $"bytes; load on a second process",
            summary,
            $"replayed receipts {string.Join(", ", receipts)} identical to the stored answer; fiscal fund charged "
                + $"once per purchase"
        );
        await crashy.DisposeAsync();
    }

    private static Task<long> FiscalBalanceAsync(string account) =>
        FaultWorld.CountAsync(
            "SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards WHERE account_id = @account",
            new { account }
        );

    private static async Task<byte[]?> StoredAnswerAsync(string terminalId, string key)
    {
        await using var connection = await Database.OpenAsync(FaultWorld.Schema);
        return await connection.ExecuteScalarAsync<byte[]?>(
            "SELECT body FROM terminal_idempotency WHERE terminal_id = @terminalId AND idempotency_key = @key",
            new { terminalId, key }
        );
    }
}
