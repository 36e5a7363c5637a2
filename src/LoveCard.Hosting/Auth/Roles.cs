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

    public static readonly IReadOnlyList<string> All = [Province, Bureau, Operator, Provider, Auditor, Elder, Agent];
}
