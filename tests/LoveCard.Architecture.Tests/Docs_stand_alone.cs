using System.Text.RegularExpressions;
using LoveCard.Settlement.Gateway;

namespace LoveCard.Architecture.Tests;

/// <summary>
/// A terminal vendor or a county's IT team clones only this repository: what README.md and docs/ say
/// must be found in it. No link or relative path leaves the repository, links inside it reach a file
/// that exists, and no page sends the reader to a specification file that is not here (the contract
/// and the rules are docs/terminal-protocol.md and docs/domain.md).
/// </summary>
public sealed partial class Docs_stand_alone
{
    private static IEnumerable<string> Pages() =>
        new[] { Path.Combine(Repository.Root, "README.md") }.Concat(Repository.Files("docs", ".md"));

    [Test]
    public void No_link_leaves_the_repository_and_every_link_inside_it_finds_its_file()
    {
        var broken = Pages().SelectMany(page => BrokenLinks(page, File.ReadAllText(page))).ToList();
        Assert.That(broken, Is.Empty, string.Join(Environment.NewLine, broken));
    }

    [Test]
    public void No_relative_path_climbs_out_of_the_repository_or_into_nothing()
    {
        var outside = Pages().SelectMany(page => PathsOutside(page, File.ReadAllText(page))).ToList();
        Assert.That(outside, Is.Empty, string.Join(Environment.NewLine, outside));
    }

    [Test]
    public void Every_page_named_in_docs_exists()
    {
        // docs/x.md written out in prose (not as a link): a reader looks for it, so it must be there.
        var missing = Pages()
            .SelectMany(page =>
                DocsPath()
                    .Matches(File.ReadAllText(page))
                    .Select(m => m.Value)
                    .Where(path => !File.Exists(Path.Combine(Repository.Root, path)))
                    .Select(path => $"{Repository.Relative(page)} names {path}, which is not in the repository")
            )
            .Distinct()
            .ToList();
        Assert.That(missing, Is.Empty, string.Join(Environment.NewLine, missing));
    }

    [Test]
    public void No_page_cites_a_specification_file_that_is_not_in_the_repository()
    {
        // Upper-case names (DOMAIN.md, TERMINAL-PROTOCOL.md) are how specifications outside the repository are cited.
        var present = Directory
            .EnumerateFiles(Repository.Root, "*.md", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.Ordinal);
        var cited = Pages()
            .SelectMany(page =>
                SpecificationName()
                    .Matches(File.ReadAllText(page))
                    .Select(m => m.Groups[1].Value)
                    .Where(name => !present.Contains(name))
                    .Select(name => $"{Repository.Relative(page)} cites {name}, which is not in the repository")
            )
            .Distinct()
            .ToList();
        Assert.That(cited, Is.Empty, string.Join(Environment.NewLine, cited));
    }

    [Test]
    public void The_architecture_page_names_every_decision()
    {
        // A reader finds the ADRs through docs/architecture.md; one missing there is one nobody reads.
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md"));
        var unnamed = Repository
            .Files(Path.Combine("docs", "decisions"), ".md")
            .Select(f => Path.GetFileName(f)[..4])
            .Where(number => !Regex.IsMatch(page, $@"\b{number}\b"))
            .ToList();
        Assert.That(unnamed, Is.Empty, "docs/architecture.md does not name ADR " + string.Join(", ", unnamed));
    }

    [Test]
    public void The_worked_examples_of_the_terminal_protocol_are_what_the_gateway_computes()
    {
        // A vendor tests against these figures, so they must be the server's own, not a hand computation.
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "terminal-protocol.md"));
        var master = Convert.FromBase64String(TerminalOptions.DevelopmentMasterKey);
        var key = TerminalKeys.Derive(master, "T330903MEAL01", 1);
        var body =
            "{\"credential\":{\"type\":\"card\",\"value\":\"D09030001\"},\"item\":\"meal\",\"quantity\":1,"
            + "\"occurredAt\":\"2026-11-28T11:42:05+08:00\"}";
        var bodyHash = TerminalSignature.BodySha256Hex(System.Text.Encoding.UTF8.GetBytes(body));
        var post = TerminalSignature.CanonicalString(
            "POST",
            "/terminal/v1/purchases",
            "T330903MEAL01",
            "1795837326",
            "3f9c1a7e5b2d4c60a8e1f0b9",
            "meal-20261128-000017",
            bodyHash
        );
        var get = TerminalSignature.CanonicalString(
            "GET",
            "/terminal/v1/totals?date=2026-11-28",
            "T330903MEAL01",
            "1795837400",
            "Xq7-Lm2_Pz9wRt4sVb8n",
            null,
            TerminalSignature.BodySha256Hex([])
        );
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain(Convert.ToBase64String(key)));
            Assert.That(page, Does.Contain(Convert.ToBase64String(TerminalKeys.Derive(master, "T330903MEAL01", 2))));
            Assert.That(page, Does.Contain(body));
            Assert.That(page, Does.Contain(bodyHash));
            Assert.That(page, Does.Contain("```\n" + post + "\n```"));
            Assert.That(page, Does.Contain(Convert.ToBase64String(TerminalSignature.Sign(key, post))));
            Assert.That(page, Does.Contain("```\n" + get + "\n```"));
            Assert.That(page, Does.Contain(Convert.ToBase64String(TerminalSignature.Sign(key, get))));
        });
    }

    [Test]
    public void The_worked_qr_code_of_the_terminal_protocol_verifies_as_the_server_verifies_codes()
    {
        // The same call as the settlement service's QR check: P-256, SHA-256, r||s over "LC1.<payload>".
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "terminal-protocol.md"));
        var spki = QrExample().Match(page).Groups["spki"].Value;
        var code = QrExample().Match(page).Groups["code"].Value;
        Assert.That(code, Does.StartWith("LC1."), "the worked QR code is missing from docs/terminal-protocol.md");
        var dot = code.LastIndexOf('.');
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(spki), out _);
        var signature = Convert.FromBase64String(ToBase64(code[(dot + 1)..]));
        Assert.That(
            key.VerifyData(
                System.Text.Encoding.ASCII.GetBytes(code[..dot]),
                signature,
                System.Security.Cryptography.HashAlgorithmName.SHA256,
                System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation
            ),
            Is.True
        );
        Assert.That(
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(ToBase64(code[4..dot]))),
            Is.EqualTo(
                "{\"kid\":\"qr-demo-1\",\"card\":\"0193720c-1111-7c1a-9f00-2b6d4e8a1c55\",\"iat\":1795837300,"
                    + "\"exp\":1795837420,\"nonce\":\"Zk3vQ8pL1sT0aXy2\"}"
            )
        );
    }

    private static string ToBase64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - text.Length % 4) % 4);
    }

    [Test]
    public void The_checks_see_what_they_are_meant_to_see()
    {
        var page = Path.Combine(Repository.Root, "docs", "example.md");
        const string text = """
            See [the rules](../../shared/spec/DOMAIN.md), [platform](platform.md), [web](https://example.org/x.md),
            [here](#top), [gone](missing-page.md#part), and `../shared/spec/` or `../src/LoveCard.Hosting`.
            ```sh
            cd ../../elsewhere
            ```
            """;
        Assert.Multiple(() =>
        {
            Assert.That(
                BrokenLinks(page, text).Select(b => b.Split(' ')[1]),
                Is.EqualTo(new[] { "../../shared/spec/DOMAIN.md", "missing-page.md#part" })
            );
            Assert.That(
                PathsOutside(page, text).Select(p => p.Split(' ')[1]),
                Is.EqualTo(new[] { "../../shared/spec/DOMAIN.md", "../shared/spec/", "../../elsewhere" })
            );
            Assert.That(
                SpecificationName().Matches(text).Select(m => m.Groups[1].Value),
                Is.EqualTo(new[] { "DOMAIN.md" })
            );
        });
    }

    /// <summary>
    /// Markdown links (not web addresses, not anchors on the same page) that leave the repository or find no file.
    /// </summary>
    private static IEnumerable<string> BrokenLinks(string page, string text)
    {
        foreach (Match link in MarkdownLink().Matches(text))
        {
            var target = link.Groups[1].Value;
            if (target.StartsWith('#') || UriScheme().IsMatch(target))
            {
                continue;
            }

            var path = target.Split('#', '?')[0];
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
            if (!Inside(resolved))
            {
                yield return $"{Repository.Relative(page)}: {target} leaves the repository";
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                yield return $"{Repository.Relative(page)}: {target} finds no file";
            }
        }
    }

    /// <summary>
    /// Any <c>../</c> path, in a link, in code or in prose, that climbs above the repository root from its
    /// page, or that stays inside but names nothing there (a path written for another place).
    /// </summary>
    private static IEnumerable<string> PathsOutside(string page, string text)
    {
        var directory = Path.GetDirectoryName(page)!;
        foreach (Match climb in RelativeClimb().Matches(text))
        {
            var resolved = Path.GetFullPath(Path.Combine(directory, climb.Value));
            if (!Inside(resolved))
            {
                yield return $"{Repository.Relative(page)}: {climb.Value} points outside the repository";
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                yield return $"{Repository.Relative(page)}: {climb.Value} names nothing in the repository";
            }
        }
    }

    private static bool Inside(string fullPath)
    {
        var root = Path.GetFullPath(Repository.Root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var path = fullPath.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"```\n(?<spki>MFkw[A-Za-z0-9+/=]+)\n```(?s:.*?)```\n(?<code>LC1\.[A-Za-z0-9_.-]+)\n```")]
    private static partial Regex QrExample();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"(?<![\w./-])(?:\.\./)+[\w.@+-]*(?:/[\w.@+-]+)*/?")]
    private static partial Regex RelativeClimb();

    [GeneratedRegex(@"(?<![\w/.-])docs/[\w./-]*?\.md\b")]
    private static partial Regex DocsPath();

    [GeneratedRegex(@"(?<![\w.-])([A-Z][A-Z0-9_-]*\.md)\b")]
    private static partial Regex SpecificationName();
}
