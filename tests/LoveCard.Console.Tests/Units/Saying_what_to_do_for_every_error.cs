using System.Text.RegularExpressions;
using LoveCard.Console.Api;
using LoveCard.Console.Errors;

namespace LoveCard.Console.Tests.Units;

/// <summary>
/// Issue 16: every API error code maps to a Chinese sentence that says what to do. The codes are
/// read from the services' own sources, so a new code without a sentence fails here.
/// </summary>
public sealed partial class Saying_what_to_do_for_every_error
{
    private static readonly string[] Services =
    [
        "LoveCard.Cards",
        "LoveCard.Eligibility",
        "LoveCard.Whitelist",
        "LoveCard.Settlement",
        "LoveCard.Hosting",
    ];

    [Test]
    public void Every_code_the_services_answer_has_a_chinese_sentence()
    {
        var codes = ServiceCodes();
        Assert.That(codes, Has.Count.GreaterThan(100), "the scan found the services' codes");
        var missing = codes.Where(c => !ErrorCatalogue.Knows(c)).Order().ToArray();
        Assert.That(missing, Is.Empty, "codes without a sentence in ErrorCatalogue");
    }

    [Test]
    public void Every_sentence_is_chinese_and_ends_like_a_sentence()
    {
        foreach (var code in ErrorCatalogue.Codes)
        {
            var sentence = ErrorCatalogue.Describe(code, "reason");
            Assert.That(Cjk().IsMatch(sentence), Is.True, $"{code}: {sentence}");
            Assert.That(sentence, Does.EndWith("。"), code);
            Assert.That(sentence, Does.Not.Contain("{0}"), code);
        }
    }

    [Test]
    public void A_problem_names_the_field_and_the_row_in_chinese()
    {
        var problem = ApiProblem.Parse(
            422,
            """{"code":"price_above_standard","field":"items[1].unitPriceFen","ceilingFen":2000}"""
        );
        var row = ApiProblem.Parse(400, """{"code":"invalid_amount","field":"amountFen","row":7}""");
        Assert.Multiple(() =>
        {
            Assert.That(
                problem.Message,
                Is.EqualTo("「第 2 项的单价」高于本县最高限价，请降到限价以内后再保存（最高限价 ¥20.00）。")
            );
            Assert.That(row.Message, Does.StartWith("文件第 7 行："));
            Assert.That(ApiProblem.Parse(500, "not json").Message, Does.Contain("稍后重试"));
        });
    }

    private static HashSet<string> ServiceCodes()
    {
        // The constructs a code is thrown with: errors.Add(field, code, …), new XxxException(…, code, …), ErrorMessage
        // = code.
        string[] patterns =
        [
            @"errors\.Add\(\s*[^,]+,\s*""([a-z][a-z0-9_]+)""",
            @"BadInputException\(\s*[^,]+,\s*""([a-z][a-z0-9_]+)""",
            @"ConflictException\(\s*""([a-z][a-z0-9_]+)""",
            @"RuleViolationException\(\s*""([a-z][a-z0-9_]+)""",
            @"Make\(\s*\d+,\s*""([a-z][a-z0-9_]+)""",
            @"DomainException\(\s*\d+,\s*""([a-z][a-z0-9_]+)""",
            @"ErrorMessage\s*=\s*""([a-z][a-z0-9_]+)""",
        ];
        var root = TestInfrastructure.RepositoryRoot();
        var codes = new HashSet<string>();
        foreach (var service in Services)
        {
            foreach (
                var file in Directory
                    .EnumerateFiles(Path.Combine(root, "src", service), "*.cs", SearchOption.AllDirectories)
                    .Where(f =>
                        !f.Contains(
                            $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                            StringComparison.Ordinal
                        )
                    )
            )
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
        }

        return codes;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
