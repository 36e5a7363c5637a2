using System.Text.RegularExpressions;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.BackOffice.Supervision.Rules;
using LoveCard.Settlement.Core.Holds;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>
/// A rule is one self-contained file: its SQL reads only the thresholds it declares, each threshold is
/// named after the rule, and the one register holds every rule once.
/// </summary>
public sealed partial class Registering_rules
{
    // The parameters every scan passes besides the thresholds: the window, the absence just recorded.
    private static readonly string[] ScanParameters = ["From", "To", "AbsenceId"];

    [Test]
    public void Every_anomaly_rule_is_registered_once_with_credit_points()
    {
        Assert.That(AnomalyRules.All, Is.Unique);
        // late_report alone costs nothing: what it finds arrived inside the protocol's offline window (DOMAIN.md §8
        // "Credit").
        var costing = AnomalyRules.Registered.Where(r => r.Code != AnomalyRules.LateReport);
        Assert.That(costing.Select(r => r.CreditPoints), Has.All.Positive);
        Assert.That(AnomalyRules.CreditPoints[AnomalyRules.LateReport], Is.Zero);
    }

    [Test]
    public void An_anomaly_rule_reads_only_its_own_thresholds_and_names_them_after_itself()
    {
        foreach (var rule in AnomalyRules.Registered)
        {
            var declared = rule.Thresholds.Select(t => t.Code).ToHashSet();
            var extra = new Dapper.DynamicParameters();
            rule.AddParameters(extra);
            var read = Parameter()
                .Matches(rule.Sql)
                .Select(m => m.Groups[1].Value)
                .Except(ScanParameters)
                .Except(extra.ParameterNames)
                .ToHashSet();
            Assert.Multiple(() =>
            {
                Assert.That(
                    read,
                    Is.EquivalentTo(declared),
                    $"{rule.Code}: the parameters its SQL reads are its thresholds"
                );
                Assert.That(
                    declared,
                    Has.All.StartsWith(rule.Code),
                    $"{rule.Code}: thresholds are named after the rule"
                );
                foreach (var call in Threshold().Matches(rule.Sql).Cast<Match>())
                {
                    Assert.That(
                        call.Groups[1].Value,
                        Is.EqualTo(call.Groups[2].Value),
                        $"{rule.Code}: bo_threshold reads the county's value of the same code"
                    );
                }
            });
        }
    }

    [Test]
    public void A_hold_names_its_thresholds_after_itself_and_shares_its_code_with_an_anomaly_rule()
    {
        Assert.That(TerminalHoldRules.Registered.Select(h => h.Code), Is.Unique);
        foreach (var hold in TerminalHoldRules.Registered)
        {
            Assert.That(hold.Thresholds.Select(t => t.Code), Has.All.StartsWith(hold.Code));
            Assert.That(
                AnomalyRules.All,
                Does.Contain(hold.Code),
                "what a hold lets through, the scan flags after the fact"
            );
        }
    }

    [Test]
    public void A_rule_is_registered_by_being_written_no_list_names_it()
    {
        var assembly = typeof(AnomalyRules).Assembly;
        var anomalyRules = assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(AnomalyRule)));
        var holdRules = assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(HoldRule)));
        Assert.Multiple(() =>
        {
            Assert.That(AnomalyRules.Registered.Select(r => r.GetType()), Is.EquivalentTo(anomalyRules));
            Assert.That(TerminalHoldRules.Registered.Select(r => r.GetType()), Is.EquivalentTo(holdRules));
            Assert.That(AnomalyRules.Registered, Has.Count.GreaterThanOrEqualTo(11), "the rules were found");
        });
    }

    [Test]
    public void Holds_are_checked_in_their_declared_order_meals_per_day_first()
    {
        Assert.That(TerminalHoldRules.Registered.Select(h => h.CheckOrder), Is.Unique.And.Ordered);
        Assert.That(
            TerminalHoldRules.Registered.Select(h => h.Code),
            Is.EqualTo(new[] { "meals_per_day", "impossible_travel", "no_visit_proof" })
        );
    }

    [GeneratedRegex(@"(?<![@\w])@(\w+)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"bo_threshold\([^,]+,\s*'(\w+)',\s*@(\w+)\)")]
    private static partial Regex Threshold();
}
