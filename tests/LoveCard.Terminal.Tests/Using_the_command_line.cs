using System.Net;
using System.Text;
using System.Text.Json;
using LoveCard.Terminal.Cli;

namespace LoveCard.Terminal.Tests;

/// <summary>The <c>lovecard-terminal</c> commands against a fake server: what the cashier sees.</summary>
public sealed class Using_the_command_line
{
    private string _directory = null!;
    private string _keyFile = null!;
    private FakeServer _server = null!;

    [SetUp]
    public void NewTerminal()
    {
        _directory = Directory.CreateTempSubdirectory("lovecard-terminal-cli-").FullName;
        _keyFile = Path.Combine(_directory, "key.json");
        _server = new FakeServer();
    }

    [TearDown]
    public void RemoveDirectory()
    {
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var exit = await TerminalCommands.RunAsync(
            [.. args, "--key-file", _keyFile],
            o,
            e,
            _server,
            CancellationToken.None
        );
        return (exit, o.ToString(), e.ToString());
    }

    private void Activated() =>
        TerminalKeyFile.Save(_keyFile, Independent.Credentials() with { ServerUrl = "http://127.0.0.1:5104/" });

    [Test]
    public async Task Activate_saves_the_key_to_an_owner_only_file()
    {
        _server.Respond = (_, _, _) =>
            Task.FromResult(
                FakeServer.Json(
                    HttpStatusCode.OK,
                    $$"""{"key":"{{Convert.ToBase64String(Independent.Key)}}","keyVersion":1}"""
                )
            );

        var (exit, output, _) = await RunAsync(
            "activate",
            "--terminal",
            "T-9",
            "--code",
            "ABC-DEF",
            "--server",
            "http://127.0.0.1:5999"
        );

        Assert.That(exit, Is.EqualTo(TerminalCommands.Ok));
        Assert.That(output, Does.Contain("T-9 activated, key version 1"));
        Assert.That(output, Does.Not.Contain(Convert.ToBase64String(Independent.Key)), "the key is never printed");
        var saved = TerminalKeyFile.Load(_keyFile);
        Assert.That((saved.TerminalId, saved.ServerUrl), Is.EqualTo(("T-9", "http://127.0.0.1:5999/")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(_keyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    public async Task Buy_prints_a_receipt_with_the_split_and_the_remaining_caps()
    {
        Activated();
        _server.Respond = (_, _, _) =>
            Task.FromResult(
                FakeServer.Json(
                    HttpStatusCode.OK,
                    """{"purchaseId":"0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b","receiptNo":"330903-20261128-000017","status":"approved","declineCode":null,"elder":{"maskedName":"王*华","category":1,"homeCounty":"330903"},"item":"meal","quantity":1,"listPriceFen":1500,"priceFen":1500,"split":{"fiscalFen":1200,"collectiveFen":225,"charityFen":75,"familyFen":0},"remainingCaps":{"fiscalFen":28800,"collectiveFen":9775,"charityFen":4925},"occurredAt":"2026-11-28T11:42:05+08:00","bookedAt":"2026-11-28T11:42:06+08:00"}"""
                )
            );

        var (exit, output, err) = await RunAsync("buy", "--card", "A12345678", "--item", "meal", "--max-family", "500");

        Assert.That(exit, Is.EqualTo(TerminalCommands.Ok));
        Assert.That(output, Does.Contain("APPROVED").And.Contain("330903-20261128-000017").And.Contain("王*华"));
        Assert.That(
            output,
            Does.Match(@"fiscal\s+12\.00")
                .And.Match(@"collective\s+2\.25")
                .And.Match(@"charity\s+0\.75")
                .And.Match(@"family\s+0\.00")
        );
        Assert.That(output, Does.Contain("Remaining this month").And.Match(@"fiscal\s+288\.00"));
        var request = _server.Received.Single();
        var key = request.Header("Idempotency-Key");
        Assert.That(
            err,
            Does.Contain($"Idempotency-Key: {key}"),
            "printed before sending, so a lost answer can be looked up"
        );
        using var body = JsonDocument.Parse(request.Body);
        Assert.That(body.RootElement.GetProperty("credential").GetProperty("type").GetString(), Is.EqualTo("card"));
        Assert.That(body.RootElement.GetProperty("maxFamilyFen").GetInt64(), Is.EqualTo(500));
        Assert.That(
            body.RootElement.GetProperty("occurredAt").GetString(),
            Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
        );
        Assert.That(Independent.Verifies(request, Independent.Key), Is.True);
    }

    [Test]
    public async Task Buy_prints_the_decline_code_with_a_plain_hint()
    {
        Activated();
        _server.Respond = (_, _, _) =>
            Task.FromResult(
                FakeServer.Json(
                    HttpStatusCode.OK,
                    """{"purchaseId":"0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b","receiptNo":"R9","status":"declined","declineCode":"qr_expired","elder":null,"item":"meal","quantity":1,"listPriceFen":null,"priceFen":null,"split":null,"remainingCaps":null,"occurredAt":"2026-11-28T11:42:05+08:00","bookedAt":"2026-11-28T11:42:06+08:00"}"""
                )
            );

        var (exit, output, _) = await RunAsync("buy", "--qr", "LC1.abc.def", "--item", "meal");

        Assert.That(exit, Is.EqualTo(TerminalCommands.Declined));
        Assert.That(output, Does.Contain("DECLINED  qr_expired").And.Contain("refresh"));
    }

    [Test]
    public async Task A_refusal_prints_its_code_and_detail()
    {
        Activated();
        _server.Respond = (_, _, _) =>
            Task.FromResult(
                FakeServer.Problem(
                    HttpStatusCode.Conflict,
                    "refund_exceeds_remaining",
                    "Only 10.00 remains refundable.",
                    "amountFen"
                )
            );

        var (exit, _, err) = await RunAsync("refund", "0b5c2a4e-8d0f-4a57-9a51-1c2d3e4f5a6b", "--amount", "5000");

        Assert.That(exit, Is.EqualTo(TerminalCommands.Failed));
        Assert.That(
            err,
            Does.Contain("409 refund_exceeds_remaining (field amountFen)").And.Contain("Only 10.00 remains refundable.")
        );
        Assert.That(Encoding.UTF8.GetString(_server.Received.Single().Body), Does.Contain("\"amountFen\":5000"));
    }

    [Test]
    public async Task Commands_need_an_activated_terminal()
    {
        var (exit, _, err) = await RunAsync("catalog");

        Assert.That(exit, Is.EqualTo(TerminalCommands.Failed));
        Assert.That(err, Does.Contain("activate"));
        Assert.That(_server.Received, Is.Empty);
    }

    [TestCase("buy", "--card", "A1", "--face", "F1", "--item", "meal")]
    [TestCase("buy", "--card", "A1")]
    [TestCase("buy", "--card", "A1", "--item", "meal", "--colour", "red")]
    [TestCase("refund", "not-a-guid", "--amount", "5")]
    [TestCase("totals", "--date", "28/11/2026")]
    public async Task Bad_usage_sends_nothing(params string[] args)
    {
        Activated();

        var (exit, _, err) = await RunAsync(args);

        Assert.That(exit, Is.EqualTo(TerminalCommands.Usage));
        Assert.That(err, Does.StartWith("usage:"));
        Assert.That(_server.Received, Is.Empty);
    }

    [Test]
    public async Task Totals_asks_for_the_given_day()
    {
        Activated();
        _server.Respond = (_, _, _) =>
            Task.FromResult(
                FakeServer.Json(
                    HttpStatusCode.OK,
                    """{"date":"2026-11-28","terminalId":"T-330903-0001","approved":{"count":2,"amountFen":3000,"fiscalFen":2400,"collectiveFen":450,"charityFen":150,"familyFen":0},"declinedCount":1,"voided":{"count":0,"amountFen":0,"fiscalFen":0,"collectiveFen":0,"charityFen":0,"familyFen":0},"refunded":{"count":0,"amountFen":0,"fiscalFen":0,"collectiveFen":0,"charityFen":0,"familyFen":0},"byItem":[{"item":"meal","approved":{"count":2,"amountFen":3000,"fiscalFen":2400,"collectiveFen":450,"charityFen":150,"familyFen":0},"declinedCount":1}]}"""
                )
            );

        var (exit, output, _) = await RunAsync("totals", "--date", "2026-11-28");

        Assert.That(exit, Is.EqualTo(TerminalCommands.Ok));
        Assert.That(_server.Received.Single().PathAndQuery, Is.EqualTo("/terminal/v1/totals?date=2026-11-28"));
        Assert.That(output, Does.Match(@"approved\s+2\s+30\.00\s+24\.00"));
    }
}
