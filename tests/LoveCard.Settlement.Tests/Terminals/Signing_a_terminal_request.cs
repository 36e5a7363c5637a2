using System.Text;
using LoveCard.Settlement.Gateway;

namespace LoveCard.Settlement.Tests.Terminals;

/// <summary>Fixed vectors (computed independently, with Python's hmac/hashlib) for the key derivation and the canonical
/// string.</summary>
public sealed class Signing_a_terminal_request
{
    private static readonly byte[] DevMasterKey = Encoding.ASCII.GetBytes("lovecard-dev-terminal-master-key");
    private const string PurchaseBody = """{"item":"meal","quantity":1}""";

    [Test]
    public void Derives_the_terminal_key_from_the_label_terminal_id_and_decimal_key_version()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                Convert.ToBase64String(TerminalKeys.Derive(DevMasterKey, "T-0001", 1)),
                Is.EqualTo("bZmyMmQFccUbFxEpESJ0Ai4a7yhHfh5tQfHhrBjAHfw=")
            );
            Assert.That(
                Convert.ToBase64String(TerminalKeys.Derive(DevMasterKey, "T-0001", 12)),
                Is.EqualTo("MLVrEk+7AsrPVZTJJ0WDu55RklnqPHhlAQKZNjRGEbQ=")
            );
            Assert.That(Convert.FromBase64String(TerminalOptions.DevelopmentMasterKey), Is.EqualTo(DevMasterKey));
        });
    }

    [Test]
    public void Joins_the_seven_lines_with_newlines_and_no_trailing_newline()
    {
        var bodyHash = TerminalSignature.BodySha256Hex(Encoding.UTF8.GetBytes(PurchaseBody));
        var canonical = TerminalSignature.CanonicalString(
            "POST",
            "/terminal/v1/purchases",
            "T-0001",
            "1795837325",
            "abcdefghijklmnop0123",
            "k-1",
            bodyHash
        );
        Assert.Multiple(() =>
        {
            Assert.That(bodyHash, Is.EqualTo("a7ab6483567b89798f89c4526f4569743fbe8d2d833fa873b5530683e67057a7"));
            Assert.That(
                canonical,
                Is.EqualTo(
                    "POST\n/terminal/v1/purchases\nT-0001\n1795837325\nabcdefghijklmnop0123\nk-1\na7ab6483567b89798f89c4526f4569743fbe8d2d833fa873b5530683e67057a7"
                )
            );
            Assert.That(
                Convert.ToBase64String(
                    TerminalSignature.Sign(TerminalKeys.Derive(DevMasterKey, "T-0001", 1), canonical)
                ),
                Is.EqualTo("ZsJsHQko84RoMKO3XuU2D5mUq/EAQEcPPyBSfKOyZko=")
            );
        });
    }

    [Test]
    public void Uses_an_empty_line_without_an_idempotency_key_and_the_hash_of_nothing_without_a_body()
    {
        var canonical = TerminalSignature.CanonicalString(
            "GET",
            "/terminal/v1/totals?date=2026-11-28",
            "T-0001",
            "1795837325",
            "abcdefghijklmnop0123",
            null,
            TerminalSignature.BodySha256Hex([])
        );
        Assert.Multiple(() =>
        {
            Assert.That(
                canonical,
                Is.EqualTo(
                    "GET\n/terminal/v1/totals?date=2026-11-28\nT-0001\n1795837325\nabcdefghijklmnop0123\n\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                )
            );
            Assert.That(
                Convert.ToBase64String(
                    TerminalSignature.Sign(TerminalKeys.Derive(DevMasterKey, "T-0001", 1), canonical)
                ),
                Is.EqualTo("a9tj4XMjthWOrN8uT+M2oLeglQUX8HuAkVZ0Una3v/A=")
            );
        });
    }

    [Test]
    public void Agrees_with_the_test_terminal_s_own_canonical_string()
    {
        var server = TerminalSignature.CanonicalString(
            "POST",
            "/terminal/v1/purchases/p-1/refunds",
            "T-9",
            "1",
            "nonce_nonce-nonce",
            "key",
            "abc"
        );
        var client = TestTerminal.CanonicalString(
            "POST",
            "/terminal/v1/purchases/p-1/refunds",
            "T-9",
            "1",
            "nonce_nonce-nonce",
            "key",
            "abc"
        );
        Assert.That(server, Is.EqualTo(client));
    }

    [Test]
    public void Verifies_in_constant_time_only_the_exact_signature()
    {
        var key = TerminalKeys.Derive(DevMasterKey, "T-0001", 1);
        var signature = TerminalSignature.Sign(key, "x");
        var flipped = (byte[])signature.Clone();
        flipped[^1] ^= 1;
        Assert.Multiple(() =>
        {
            Assert.That(TerminalSignature.Verify(key, "x", signature), Is.True);
            Assert.That(TerminalSignature.Verify(key, "x", flipped), Is.False);
            Assert.That(TerminalSignature.Verify(key, "y", signature), Is.False);
        });
    }

    [Test]
    public void Verifies_the_lines_as_it_verifies_their_canonical_string()
    {
        // ADR 0057: the gateway signs the lines' UTF-8 without building the string; the fixed vector above still holds.
        var key = TerminalKeys.Derive(DevMasterKey, "T-0001", 1);
        string[] lines = ["POST", "/terminal/v1/purchases", "T-0001", "1795837325", "abcdefghijklmnop0123", "k-1"];
        var bodyHash = TerminalSignature.BodySha256Hex(Encoding.UTF8.GetBytes(PurchaseBody));
        var signature = Convert.FromBase64String("ZsJsHQko84RoMKO3XuU2D5mUq/EAQEcPPyBSfKOyZko=");
        bool Verify(byte[] signed, string target, string? idempotencyKey) =>
            TerminalSignature.Verify(
                key,
                signed,
                lines[0],
                target,
                lines[2],
                lines[3],
                lines[4],
                idempotencyKey,
                bodyHash
            );
        var flipped = (byte[])signature.Clone();
        flipped[0] ^= 1;
        var chinese = TerminalSignature.Sign(
            key,
            TerminalSignature.CanonicalString(
                "POST",
                "/终端/v1",
                "T-0001",
                "1795837325",
                "abcdefghijklmnop0123",
                null,
                bodyHash
            )
        );
        Assert.Multiple(() =>
        {
            Assert.That(Verify(signature, lines[1], lines[5]), Is.True);
            Assert.That(Verify(flipped, lines[1], lines[5]), Is.False);
            Assert.That(Verify(signature, lines[1], "k-2"), Is.False);
            Assert.That(Verify(signature[..31], lines[1], lines[5]), Is.False);
            Assert.That(Verify(chinese, "/终端/v1", null), Is.True, "non-ASCII text and no idempotency key");
        });
    }

    [Test]
    public void Fingerprints_a_request_as_the_hash_of_its_method_target_and_body_hash()
    {
        foreach (var target in new[] { "/terminal/v1/purchases", "/终端/v1?x=é", "" })
        {
            var expected = Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"POST\n{target}\nabc"))
            );
            Assert.That(TerminalIdempotentRequest.Fingerprint("POST", target, "abc"), Is.EqualTo(expected), target);
        }
    }
}
