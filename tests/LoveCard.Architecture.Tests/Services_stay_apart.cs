using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NetArchTest.Rules;

namespace LoveCard.Architecture.Tests;

/// <summary>
/// ADR 0001 as tests: a service references the contracts and the hosting library only, never another
/// service, and never reads another service's schema.
/// </summary>
public sealed partial class Services_stay_apart
{
    private static readonly Assembly[] ServiceAssemblies =
    [
        typeof(Cards.CardsApp).Assembly,
        typeof(Eligibility.EligibilityApp).Assembly,
        typeof(Whitelist.WhitelistApp).Assembly,
        typeof(Settlement.SettlementApp).Assembly,
    ];

    public static IEnumerable<string> ServiceNames() => Repository.PresentServices();

    [TestCaseSource(nameof(ServiceNames))]
    public void A_service_project_references_the_contracts_and_the_hosting_library_only(string service)
    {
        var references = XDocument
            .Load(Repository.Project(service))
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        Assert.That(references, Is.SubsetOf(new[] { "LoveCard.Contracts", "LoveCard.Hosting" }));
    }

    [Test]
    public void No_service_uses_a_type_of_another_service()
    {
        var names = ServiceAssemblies.Select(a => a.GetName().Name!).ToArray();
        foreach (var assembly in ServiceAssemblies)
        {
            var others = names.Where(n => n != assembly.GetName().Name).ToArray();
            var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(others).GetResult();
            Assert.That(
                result.FailingTypeNames ?? [],
                Is.Empty,
                $"{assembly.GetName().Name} uses another service's types"
            );
        }
    }

    [Test]
    public void The_contracts_depend_on_nothing_of_ours()
    {
        var result = Types
            .InAssembly(typeof(Contracts.IntegrationEvent).Assembly)
            .ShouldNot()
            .HaveDependencyOnAny(["LoveCard.Hosting", .. ServiceAssemblies.Select(a => a.GetName().Name!)])
            .GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }

    [Test]
    public void The_hosting_library_depends_on_no_service()
    {
        var result = Types
            .InAssembly(typeof(Hosting.ServiceDefinition).Assembly)
            .ShouldNot()
            .HaveDependencyOnAny(ServiceAssemblies.Select(a => a.GetName().Name!).ToArray())
            .GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }

    [TestCaseSource(nameof(ServiceNames))]
    public void No_SQL_of_a_service_names_another_services_schema(string service)
    {
        var others = Repository.Services.Where(s => s != service).Select(s => s.ToLowerInvariant()).ToArray();
        var pattern = new Regex(
            $@"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ON)\s+""?({string.Join('|', others)})""?\s*\.\s*""?[a-z_]+",
            RegexOptions.IgnoreCase
        );
        var found = Repository
            .Files($"src/LoveCard.{service}", ".cs", ".sql")
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => pattern.IsMatch(x.line))
            .Select(x => $"{Repository.Relative(x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();
        Assert.That(found, Is.Empty, "a service reads and writes its own schema only (ADR 0001)");
    }

    [Test]
    public void The_schema_check_would_see_a_foreign_schema() =>
        Assert.That(
            Regex.IsMatch(
                "SELECT * FROM cards.cards c",
                @"\bFROM\s+""?(cards)""?\s*\.\s*""?[a-z_]+",
                RegexOptions.IgnoreCase
            )
        );
}
