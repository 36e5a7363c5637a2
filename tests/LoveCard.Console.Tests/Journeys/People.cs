using LoveCard.Console.Tests.Harness;

namespace LoveCard.Console.Tests.Journeys;

/// <summary>The demo county's people (demo-accounts.json of the seed) the journeys sign in as.</summary>
public static class People
{
    public const string NeighbourClerk = "clerk-330902";

    public static Person Maker(ConsoleSystem system) => system.People["clerk-maker-330903"];

    public static Person Checker(ConsoleSystem system) => system.People["clerk-checker-330903"];

    public static Person Auditor(ConsoleSystem system) => system.People["auditor-330903"];

    public static Person Neighbour(ConsoleSystem system) => system.People[NeighbourClerk];

    public static Person Province(ConsoleSystem system) => system.People["province-admin"];

    /// <summary>The accountant of the demo's meal provider (the first demo provider).</summary>
    public static Person MealAccountant(ConsoleSystem system) => system.People["accountant-1"];
}
