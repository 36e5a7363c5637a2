using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Demo;

namespace LoveCard.Convergence.Tests;

/// <summary>
/// The one system and demo county this assembly's fixtures share (started by the first that needs
/// it, stopped once at the end of the run): the demo seed and the four services' start-up cost a
/// minute on a busy machine, and the rebuild is best shown on the world the fault test left behind.
/// </summary>
public static class ConvergenceWorld
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ConvergenceSystem? _system;
    private static Seeder? _seeder;

    public static ConvergenceSystem System => _system ?? throw new InvalidOperationException("call StartAsync first");

    public static Seeder Seeder => _seeder ?? throw new InvalidOperationException("call StartAsync first");

    public static async Task StartAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_system is not null)
            {
                return;
            }

            _system = await ConvergenceSystem.StartAsync();
            var output = new StringWriter();
            _seeder = new Seeder(_system.DemoOptions(), output);
            try
            {
                await _seeder.SeedAsync();
            }
            finally
            {
                await TestContext.Progress.WriteLineAsync(output.ToString());
            }

            await LiftRepeatPurchaseRulesAsync(_system);
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopAsync()
    {
        _seeder?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }

    /// <summary>
    /// The demo county's supervision rules would flag the tests' purchases (the same cards again and
    /// again at one counter) and suspend the providers; these tests are about the database, not supervision.
    /// </summary>
    private static async Task LiftRepeatPurchaseRulesAsync(ConvergenceSystem system)
    {
        using var eligibility = system.Bureau(system.Eligibility);
        var current = await eligibility.GetStringAsync($"/api/counties/{DemoCounty.Home}/settings");
        var settings = JsonNode.Parse(current)!["settings"]!.AsObject();
        var body = new JsonObject();
        string[] kept =
        [
            "advancedAge",
            "minDisabilityLevel",
            "assessmentValidMonths",
            "allowNonLocalResidents",
            "oneCardNetwork",
            "suspendBelow",
            "lowFundAlertDays",
            "mountainOrIsland",
        ];
        foreach (var name in kept)
        {
            body[name] = settings[name]!.DeepClone();
        }

        body["anomalyThresholds"] = new JsonObject
        {
            ["meals_per_day"] = 1_000_000,
            ["split_purchases_count"] = 1_000_000,
            ["card_burst_cards"] = 1_000_000,
            ["volume_jump_min_purchases"] = 1_000_000,
            ["price_at_ceiling_min_purchases"] = 1_000_000,
        };
        body["reason"] = "convergence tests: many purchases by the same cards";
        using var answer = await eligibility.PutAsJsonAsync($"/api/counties/{DemoCounty.Home}/settings", body);
        Assert.That(answer.IsSuccessStatusCode, Is.True, await answer.Content.ReadAsStringAsync());
    }
}
