using System.Text.RegularExpressions;
using System.Xml.Linq;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LoveCard.Platform.Tests;

/// <summary>
/// ADR 0030: every code a service can answer has a Chinese sentence in its own catalogue
/// (<c>Resources/Problems.zh.resx</c>) or in the shared one of the hosting library. The codes are
/// read from the sources the way the console's catalogue test reads them, so a new code without a
/// sentence fails here.
/// </summary>
[TestFixture]
public sealed partial class Answering_problems_in_chinese
{
    private static readonly string[] Services =
    [
        "LoveCard.Cards",
        "LoveCard.Eligibility",
        "LoveCard.Whitelist",
        "LoveCard.Settlement",
        "LoveCard.Identity",
    ];

    /// <summary>Codes written by the framework or by the hosting library without a helper call.</summary>
    private static readonly string[] FrameworkCodes =
    [
        "unauthenticated",
        "forbidden",
        "not_found",
        "method_not_allowed",
        "body_too_large",
        "unsupported_media_type",
        "rate_limited",
        "error",
        "unknown_parameter",
        "invalid_sort",
        "invalid_page",
        "invalid_page_size",
        "required",
        "too_long",
        "too_short",
        "out_of_range",
        "too_many_items",
        "too_few_items",
        "invalid_length",
        "invalid_format",
        "invalid",
        "not_allowed",
    ];

    [TestCaseSource(nameof(Services))]
    public void Every_code_the_service_answers_has_a_chinese_sentence(string service)
    {
        var codes = ScanCodes(service).Concat(ScanCodes("LoveCard.Hosting")).Concat(FrameworkCodes).ToHashSet();
        Assert.That(codes, Has.Count.GreaterThan(15), "the scan found the service's codes");
        var known = Catalogue(service).Keys.Concat(Catalogue("LoveCard.Hosting").Keys).ToHashSet();
        var missing = codes.Where(c => !known.Contains(c)).Order().ToArray();
        Assert.That(missing, Is.Empty, $"codes without a sentence in src/{service}/Resources/Problems.zh.resx");
    }

    [TestCaseSource(nameof(Services))]
    public void Every_sentence_is_chinese(string service)
    {
        foreach (var (code, sentence) in Catalogue(service).Concat(Catalogue("LoveCard.Hosting")))
        {
            Assert.That(Cjk().IsMatch(sentence), Is.True, $"{code}: {sentence}");
        }
    }

    [Test]
    public void The_shared_catalogue_is_read_through_asp_net_core_localization()
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions()),
            NullLoggerFactory.Instance
        );
        var catalogue = new ProblemCatalogue(
            factory,
            new ServiceDefinition("probe", "probe", 0, typeof(ProbeApp).Assembly)
        );
        Assert.Multiple(() =>
        {
            Assert.That(catalogue.ChineseFor("not_found"), Does.Contain("没有找到"));
            Assert.That(catalogue.ChineseFor("title:400"), Is.EqualTo("请求有误"));
            Assert.That(catalogue.ChineseFor("no_such_code"), Is.Null);
        });
    }

    private static Dictionary<string, string> Catalogue(string project)
    {
        var path = Path.Combine(TestInfrastructure.RepositoryRoot(), "src", project, "Resources", "Problems.zh.resx");
        return XDocument
            .Load(path)
            .Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
    }

    private static HashSet<string> ScanCodes(string project)
    {
        // The constructs a code is answered with, as in the console's Saying_what_to_do_for_every_error,
        // plus the terminal gateway's refusals and not-found answers with their own code.
        string[] patterns =
        [
            @"errors\.Add\(\s*[^,]+,\s*""([a-z][a-z0-9_]+)""",
            @"BadInputException\(\s*[^,]+,\s*""([a-z][a-z0-9_]+)""",
            @"ConflictException\(\s*""([a-z][a-z0-9_]+)""",
            @"RuleViolationException\(\s*""([a-z][a-z0-9_]+)""",
            @"Make\(\s*\d+,\s*""([a-z][a-z0-9_]+)""",
            @"DomainException\(\s*\d+,\s*""([a-z][a-z0-9_]+)""",
            @"ErrorMessage\s*=\s*""([a-z][a-z0-9_]+)""",
            @"RefuseAsync\(\s*context,\s*\d+,\s*""([a-z][a-z0-9_]+)""",
            @"NotFoundException\(\s*[^,()]+,\s*""([a-z][a-z0-9_]+)""",
        ];
        var separator = Path.DirectorySeparatorChar;
        var codes = new HashSet<string>();
        var files = Directory
            .EnumerateFiles(
                Path.Combine(TestInfrastructure.RepositoryRoot(), "src", project),
                "*.cs",
                SearchOption.AllDirectories
            )
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var pattern in patterns)
            {
                foreach (Match m in Regex.Matches(text, pattern))
                {
                    codes.Add(m.Groups[1].Value);
                }
            }
        }

        return codes;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
