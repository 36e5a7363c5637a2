using LoveCard.Console.Tests.Harness;
using LoveCard.Demo;

namespace LoveCard.Console.Tests.Journeys;

/// <summary>The demo county's people the journeys sign in as.</summary>
public static class People
{
    public static readonly Person Maker = new("bureau", DemoCounty.Home, "dev-maker");
    public static readonly Person Checker = new("bureau", DemoCounty.Home, "dev-checker");
    public static readonly Person Auditor = new("auditor", DemoCounty.Home, "dev-auditor");
    public static readonly Person Neighbour = new("bureau", DemoCounty.Neighbour, "dev-330902");
    public static readonly Person Province = new("province", null, "dev-province");

    public static Person MealAccountant(ConsoleSystem system) =>
        new("provider", null, "dev-meal-accountant", system.Seeder.ProviderIds[DemoCounty.MealTerminal]);
}
