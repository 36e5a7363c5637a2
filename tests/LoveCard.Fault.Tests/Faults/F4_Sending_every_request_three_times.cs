using Dapper;
using LoveCard.Fault.Tests.Harness;
using LoveCard.Terminal;

namespace LoveCard.Fault.Tests.Faults;

/// <summary>
/// F4 (issue 9): every request sent three times at once and then three times in a row, with the same
/// Idempotency-Key and bytes, under a steady load: one effect, six identical answers (TERMINAL-PROTOCOL.md
/// "Idempotency").
/// </summary>
[Order(1)]
public sealed class F4_Sending_every_request_three_times
{
    [Test]
    public async Task Purchases_voids_and_refunds_act_once_and_answer_identically()
    {
        var settlement = await FaultWorld.MainAsync();
        var scenario = await FaultWorld.CreateScenarioAsync(settlement, elders: 6, terminals: 3);
        using var terminal = FaultWorld.Client(settlement.BaseAddress, scenario.Terminals[0]);
        var background = scenario.Terminals.Skip(1).Select(t => FaultWorld.Client(settlement.BaseAddress, t)).ToList();
        var load = new SteadyLoad();
        var running = load.RunAsync(
            scenario,
            background,
            FaultProfile.Pick(60, 400),
            FaultProfile.Pick(30.0, 120.0),
            TimeSpan.FromMilliseconds(50)
        );

        var elder = scenario.Elders[0];
        var purchase = await SixTimesAsync(terminal, "/terminal/v1/purchases", FaultWorld.PurchaseBody(elder));
        var answer = ProtocolJson.Deserialize<PurchaseAnswer>(purchase);
        Assert.That(answer.Approved, Is.True, System.Text.Encoding.UTF8.GetString(purchase));
        var refund = await SixTimesAsync(
            terminal,
            $"/terminal/v1/purchases/{answer.PurchaseId}/refunds",
            ProtocolJson.Serialize(new RefundRequest(300, "F4"))
        );
        var second = ProtocolJson.Deserialize<PurchaseAnswer>(
            await SixTimesAsync(terminal, "/terminal/v1/purchases", FaultWorld.PurchaseBody(scenario.Elders[1]))
        );
        var voided = await SixTimesAsync(
            terminal,
            $"/terminal/v1/purchases/{second.PurchaseId}/void",
            ProtocolJson.Serialize(new VoidRequest("F4"))
        );
        await running;

        await using var connection = await Database.OpenAsync(FaultWorld.Schema);
        var terminalId = scenario.Terminals[0].TerminalId;
        Assert.Multiple(async () =>
        {
            Assert.That(
                await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM purchases WHERE terminal_id = @terminalId",
                    new { terminalId }
                ),
                Is.EqualTo(2),
                "two purchases, not twelve"
            );
            Assert.That(
                await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM reversals WHERE purchase_id = @PurchaseId",
                    new { answer.PurchaseId }
                ),
                Is.EqualTo(1),
                "one refund"
            );
            Assert.That(
                await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM reversals WHERE purchase_id = @PurchaseId",
                    new { second.PurchaseId }
                ),
                Is.EqualTo(1),
                "one void"
            );
            Assert.That(
                await connection.ExecuteScalarAsync<string>(
                    "SELECT status FROM purchases WHERE purchase_id = @PurchaseId",
                    new { second.PurchaseId }
                ),
                Is.EqualTo("voided")
            );
            Assert.That(System.Text.Encoding.UTF8.GetString(refund), Does.Contain("\"amountFen\":300"));
            Assert.That(System.Text.Encoding.UTF8.GetString(voided), Does.Contain("voided"));
        });

        // The load's own keys, each sent once more: every one replays its first answer byte for byte.
        var mismatches = await load.SettleAsync(
            id => background.Single(c => c.Credentials!.TerminalId == id),
            TimeSpan.FromSeconds(60)
        );
        foreach (var client in background)
        {
            client.Dispose();
        }

        Assert.That(mismatches, Is.Empty, "a resent purchase answers its first answer again");
        var summary = await FaultInvariants.AssertAsync(scenario, load.Outcomes);
        FaultProfile.Record(
            "F4",
            "purchase, refund, purchase, void: each sent 3x in parallel then 3x in sequence; steady load resent once "
                + "more after",
            summary,
            "6 identical answers per request; 2 purchases, 1 refund, 1 void recorded"
        );
    }

    /// <summary>Three sends at once, then three in a row; asserts all six answers are 200 and identical, and returns
    /// the bytes.</summary>
    private static async Task<byte[]> SixTimesAsync(TerminalClient terminal, string target, byte[] body)
    {
        var key = TerminalClient.NewIdempotencyKey();
        var parallel = await Task.WhenAll(
            Enumerable
                .Range(0, 3)
                .Select(_ => terminal.SendAsync(HttpMethod.Post, target, body, key, signed: true, RetryPolicy.None))
        );
        var sequence = new List<TerminalResponse>();
        for (var i = 0; i < 3; i++)
        {
            sequence.Add(await terminal.SendAsync(HttpMethod.Post, target, body, key, signed: true, RetryPolicy.None));
        }

        var all = parallel.Concat(sequence).ToList();
        Assert.That(
            all.Select(a => (int)a.Status),
            Is.All.EqualTo(200),
            System.Text.Encoding.UTF8.GetString((all.FirstOrDefault(a => !a.IsSuccess) ?? all[0]).Body)
        );
        Assert.That(
            all.Select(a => Convert.ToBase64String(a.Body)).Distinct().Count(),
            Is.EqualTo(1),
            $"{target}: six answers byte for byte the same"
        );
        Assert.That(all.Count(a => a.Replayed), Is.EqualTo(5), "five of the six are replays of the first");
        return all[0].Body;
    }
}
