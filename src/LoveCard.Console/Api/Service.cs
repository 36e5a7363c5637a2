namespace LoveCard.Console.Api;

/// <summary>
/// The four services the console calls (ARCHITECTURE.md); their addresses are in section <c>Services</c>.
/// </summary>
public enum Service
{
    Cards,
    Eligibility,
    Whitelist,
    Settlement,
}
