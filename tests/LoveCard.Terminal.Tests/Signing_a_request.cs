using System.Text;

namespace LoveCard.Terminal.Tests;

/// <summary>TERMINAL-PROTOCOL.md "Signed requests": the canonical string and the signature, against fixed
/// vectors.</summary>
public sealed class Signing_a_request
{
    // The worked example of docs/terminal-client.md. The signature below was computed outside .NET
    // (Python's hmac) and is ALSO recomputed here with System.Security.Cryptography.
    private const string TerminalId = "T-330903-0001";
    private const string Nonce = "n0nce-Example_1234567890";
    private const string IdempotencyKey = "7f1c0e9a2b3d4c5e6f708192a3b4c5d6";
    private static readonly DateTimeOffset At = new(2026, 11, 28, 11, 42, 5, TimeSpan.FromHours(8));

    private const string Body =
        """{"credential":{"type":"card","value":"A12345678"},"item":"meal","quantity":1,"orderId":null,"maxFamilyFen":null,"careWorkerId":null,"location":null,"occurredAt":"2026-11-28T11:42:05+08:00"}""";
    private const string BodySha256 = "1da13d69018196df5d60fafc78121c1e58cbe7b38da0322e4fc728c659ee5b5e";
    private const string ExpectedCanonical =
        "POST\n/terminal/v1/purchases\nT-330903-0001\n1795837325\nn0nce-Example_1234567890\n7f1c0e9a2b3d4c5e6f708192a3b4c5d6\n"
        + BodySha256;
    private const string ExpectedSignature = "qese+YUF/fO3/w7WKVTuHpSjUUAd+9YuB/Y6oIn1+ic=";

    [Test]
    public void Builds_the_seven_line_canonical_string_without_a_trailing_newline()
    {
        var signed = new TerminalSigner(TerminalId, Independent.Key).Sign(
            "POST",
            "/terminal/v1/purchases",
            Encoding.UTF8.GetBytes(Body),
            IdempotencyKey,
            At,
            Nonce
        );

        Assert.That(signed.CanonicalString, Is.EqualTo(ExpectedCanonical));
        Assert.That(signed.CanonicalString.Split('\n'), Has.Length.EqualTo(7));
        Assert.That(signed.CanonicalString, Does.Not.EndWith("\n"));
        Assert.That(signed.Timestamp, Is.EqualTo("1795837325"), "Unix seconds of 2026-11-28T11:42:05+08:00");
    }

    [Test]
    public void Signs_with_HMAC_SHA256_in_padded_standard_base64()
    {
        var signed = new TerminalSigner(TerminalId, Independent.Key).Sign(
            "POST",
            "/terminal/v1/purchases",
            Encoding.UTF8.GetBytes(Body),
            IdempotencyKey,
            At,
            Nonce
        );

        Assert.That(
            Independent.Hmac(Independent.Key, ExpectedCanonical),
            Is.EqualTo(ExpectedSignature),
            "the fixed vector itself"
        );
        Assert.That(signed.Signature, Is.EqualTo(ExpectedSignature));
        Assert.That(signed.Signature, Does.EndWith("="), "standard base64 keeps its padding");
    }

    [Test]
    public void Hashes_the_raw_body_bytes_in_lowercase_hex()
    {
        Assert.That(Independent.Sha256Hex(Encoding.UTF8.GetBytes(Body)), Is.EqualTo(BodySha256));
        Assert.That(TerminalSigner.BodySha256Hex(Encoding.UTF8.GetBytes(Body)), Is.EqualTo(BodySha256));
    }

    [Test]
    public void Hashes_the_empty_string_when_there_is_no_body()
    {
        Assert.That(
            TerminalSigner.BodySha256Hex([]),
            Is.EqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
    }

    [Test]
    public void Leaves_an_empty_line_when_there_is_no_idempotency_key_and_keeps_the_query()
    {
        var signed = new TerminalSigner(TerminalId, Independent.Key).Sign(
            "GET",
            "/terminal/v1/totals?date=2026-11-28",
            [],
            null,
            At,
            Nonce
        );

        Assert.That(
            signed.CanonicalString,
            Is.EqualTo(
                "GET\n/terminal/v1/totals?date=2026-11-28\nT-330903-0001\n1795837325\nn0nce-Example_1234567890\n\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            )
        );
        Assert.That(
            signed.Signature,
            Is.EqualTo("mkr2j0Bvmx4XKAFzJa9CSSWQvdg90qehxjnfTHPC6qk="),
            "computed outside .NET"
        );
    }

    [Test]
    public void Serialises_a_purchase_to_the_bytes_of_the_worked_example()
    {
        var request = new PurchaseRequest(Credential.Card("A12345678"), "meal", OccurredAt: At);

        Assert.That(Encoding.UTF8.GetString(ProtocolJson.Serialize(request)), Is.EqualTo(Body));
    }

    [Test]
    public void Makes_a_fresh_well_formed_nonce_every_time()
    {
        var signer = new TerminalSigner(TerminalId, Independent.Key);
        var nonces = Enumerable
            .Range(0, 1000)
            .Select(_ => signer.Sign("GET", "/terminal/v1/catalog", [], null, At).Nonce)
            .ToArray();

        Assert.That(nonces, Has.All.Match("^[A-Za-z0-9_-]{16,64}$"));
        Assert.That(nonces.Distinct().Count(), Is.EqualTo(nonces.Length));
        Assert.That(TerminalSigner.IsValidNonce("short"), Is.False);
        Assert.That(TerminalSigner.IsValidNonce(new string('a', 65)), Is.False);
        Assert.That(TerminalSigner.IsValidNonce("has+plus/and=pad0"), Is.False);
    }

    [Test]
    public void The_worked_example_in_the_vendor_guide_matches()
    {
        var guide = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "terminal-client.md"));

        // The guide prints the body, the canonical string (one line per field) and the signature.
        Assert.That(guide, Does.Contain(Body));
        Assert.That(guide, Does.Contain(BodySha256));
        Assert.That(guide, Does.Contain(ExpectedCanonical), "the canonical string, as seven lines");
        Assert.That(guide, Does.Contain(ExpectedSignature));
        Assert.That(guide, Does.Contain(Convert.ToBase64String(Independent.Key)));
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoveCard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LoveCard.sln not found above the test directory.");
    }
}
