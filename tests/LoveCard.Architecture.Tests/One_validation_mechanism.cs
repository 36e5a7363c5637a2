using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LoveCard.Architecture.Tests;

/// <summary>
/// ADR 0024: a limit a request type states with an annotation is enforced by the hosting library's filter before
/// the handler runs, so a handler that throws the same field and code by hand repeats the rule (and can drift from
/// it). Counted: ranges, whatever their code, and limits answered with the filter's own codes; a limit whose
/// annotation borrows a handler's code (<c>ErrorMessage = "unknown_item"</c>) shares it on purpose with the
/// handler's other check of that field (the item code's shape), and is left alone.
/// </summary>
public sealed partial class One_validation_mechanism
{
    // Hand checks that repeat an annotation, measured when this test was written; a ceiling that may only go down.
    private const int HandRepeats = 22;

    // The services this project references (see its project file).
    private static readonly string[] Services = ["Cards", "Eligibility", "Whitelist", "Settlement"];

    private const string HandCheckStart = @"(?:\bBadInputException\(|\berrors\.Add\()\s*""";
    private const string HandCheckPair = @"(?<field>[A-Za-z0-9_.]+)""\s*,\s*""(?<code>[a-z0-9_]+)""\s*,";

    private static readonly HashSet<string> FilterCodes =
    [
        "too_long",
        "too_short",
        "too_many_items",
        "too_few_items",
        "invalid_length",
        "out_of_range",
        "invalid_format",
        "not_allowed",
    ];

    [Test]
    public void No_new_handler_repeats_by_hand_a_limit_its_request_type_states()
    {
        var repeats = new List<string>();
        foreach (var service in Services)
        {
            var stated = StatedLimits(Assembly.Load($"LoveCard.{service}"));
            foreach (var file in Repository.Files(Path.Combine("src", $"LoveCard.{service}"), ".cs"))
            {
                foreach (Match m in HandCheck().Matches(File.ReadAllText(file)))
                {
                    var limit = (m.Groups["field"].Value, m.Groups["code"].Value);
                    if (stated.Contains(limit))
                    {
                        repeats.Add($"{Repository.Relative(file)}: {limit.Item1} {limit.Item2}");
                    }
                }
            }
        }

        Assert.That(repeats, Has.Count.LessThanOrEqualTo(HandRepeats), string.Join(Environment.NewLine, repeats));
    }

    [Test]
    public void The_check_sees_a_repeated_range()
    {
        const string text = """throw new BadInputException("quantity", "quantity_out_of_range", "…");""";
        var m = HandCheck().Match(text);
        Assert.That(
            (m.Groups["field"].Value, m.Groups["code"].Value),
            Is.EqualTo(("quantity", "quantity_out_of_range"))
        );
    }

    /// <summary>(JSON field, code) of every annotation on a LoveCard type's properties that this test counts.</summary>
    private static HashSet<(string Field, string Code)> StatedLimits(Assembly assembly)
    {
        var limits = new HashSet<(string, string)>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var field = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
                {
                    var own = attribute.ErrorMessage is { } message && CodePattern().IsMatch(message) ? message : null;
                    if (attribute is System.ComponentModel.DataAnnotations.RangeAttribute)
                    {
                        limits.Add((field, own ?? "out_of_range"));
                    }
                    else if (own is null || FilterCodes.Contains(own))
                    {
                        foreach (var code in FilterCodes)
                        {
                            limits.Add((field, code));
                        }
                    }
                }
            }
        }

        return limits;
    }

    /// <summary>A field error raised by hand: <c>BadInputException("field", "code"</c> or
    /// <c>errors.Add("field", "code"</c>.</summary>
    [GeneratedRegex(HandCheckStart + HandCheckPair)]
    private static partial Regex HandCheck();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex CodePattern();
}
