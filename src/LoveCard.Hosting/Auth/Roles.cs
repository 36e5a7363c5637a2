namespace LoveCard.Hosting.Auth;

/// <summary>The <c>role</c> claim values (ARCHITECTURE.md, "Auth").</summary>
public static class Roles
{
    public const string Province = "province";
    public const string Bureau = "bureau";
    public const string Operator = "operator"; // a county call centre
    public const string Provider = "provider";
    public const string Auditor = "auditor";
    public const string Elder = "elder";
    public const string Agent = "agent"; // 代办人: acts for the elders in its `elders` claim
    public const string Township = "township"; // 乡镇/街道 official: reads its `area` (9 digits), no money
    public const string Village = "village"; // 村/社区 official: reads its `area` (12 digits), no money

    public static readonly IReadOnlyList<string> All =
    [
        Province,
        Bureau,
        Operator,
        Provider,
        Auditor,
        Elder,
        Agent,
        Township,
        Village,
    ];

    /// <summary>The officials below the county who read one area of it (ADR 0044).</summary>
    public static readonly IReadOnlyList<string> Area = [Township, Village];
}
