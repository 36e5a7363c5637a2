using System.Globalization;
using System.Text;
using LoveCard.Demo.Codes;

namespace LoveCard.Demo;

/// <summary>
/// One elder of the demo roster. The social-security card number is on the roster, so the card the
/// cards service provisions carries exactly this number (docs/services/cards.md "Card numbers"),
/// which is what makes the sandbox's test cards stable across fresh installs.
/// </summary>
public sealed record DemoElder(
    string CardNumber,
    string Name,
    DateOnly BirthDate,
    int Sequence,
    string HukouProvince,
    string Village,
    string Hardship,
    int? AbilityScore,
    bool Dementia,
    string[] SpecialSituations,
    int? ExpectedCategory,
    ConsentBy Consent,
    string Shows
)
{
    public string IdNumber(string county) => ResidentIds.Make(county, BirthDate, Sequence);
}
