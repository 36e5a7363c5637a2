using NetArchTest.Rules;

namespace LoveCard.Architecture.Tests;

/// <summary>
/// Settlement's four modules (ADR 0011) and the feature folders inside them depend on each other in
/// one direction only: gateway ← core ← back office; oversight stands alone.
/// </summary>
public sealed class Modules_have_no_cycles
{
    private const string Root = "LoveCard.Settlement";

    private static readonly string[] Modules = ["Gateway", "Core", "BackOffice", "Oversight"];

    [Test]
    public void Settlement_modules_do_not_import_each_other_in_a_circle() =>
        AssertAcyclic(Modules.Select(m => $"{Root}.{m}").ToArray());

    [Test]
    public void Feature_folders_inside_a_module_do_not_import_each_other_in_a_circle()
    {
        var folders = Types
            .InAssembly(typeof(Settlement.SettlementApp).Assembly)
            .GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns =>
                ns.Split('.').Length == 4 && Modules.Any(m => ns.StartsWith($"{Root}.{m}.", StringComparison.Ordinal))
            )
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.That(folders, Has.Length.GreaterThan(8), "the feature folders were found");
        AssertAcyclic(folders);
    }

    [Test]
    public void The_core_does_not_use_the_back_office_or_oversight()
    {
        var result = Types
            .InAssembly(typeof(Settlement.SettlementApp).Assembly)
            .That()
            .ResideInNamespace($"{Root}.Core")
            .ShouldNot()
            .HaveDependencyOnAny($"{Root}.BackOffice", $"{Root}.Oversight")
            .GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }

    [Test]
    public void Every_module_has_one_module_class_at_its_root()
    {
        foreach (var module in Modules)
        {
            var type = typeof(Settlement.SettlementApp).Assembly.GetType($"{Root}.{module}.{module}Module");
            Assert.That(type, Is.Not.Null, $"{module}/{module}Module.cs registers the module");
        }
    }

    /// <summary>Builds the graph "namespace A uses namespace B" from the compiled types and fails on a cycle, naming
    /// it.</summary>
    private static void AssertAcyclic(IReadOnlyList<string> namespaces)
    {
        var edges = namespaces.ToDictionary(
            a => a,
            a =>
                namespaces
                    .Where(b =>
                        b != a
                        && !b.StartsWith(a + ".", StringComparison.Ordinal)
                        && !a.StartsWith(b + ".", StringComparison.Ordinal)
                    )
                    .Where(b =>
                        Types
                            .InAssembly(typeof(Settlement.SettlementApp).Assembly)
                            .That()
                            .ResideInNamespace(a)
                            .And()
                            .DoNotResideInNamespace(b)
                            .Should()
                            .HaveDependencyOn(b)
                            .GetTypes()
                            .Any()
                    )
                    .ToArray()
        );
        var cycle = FindCycle(edges);
        Assert.That(cycle, Is.Null, () => "cycle: " + string.Join(" → ", cycle!));
    }

    private static List<string>? FindCycle(IReadOnlyDictionary<string, string[]> edges)
    {
        var state = edges.Keys.ToDictionary(k => k, _ => 0);
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges[node])
            {
                if (state[next] == 1)
                {
                    return [.. path.SkipWhile(n => n != next), next];
                }

                if (state[next] == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        return edges.Keys.Where(k => state[k] == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }
}
