using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Errors;

namespace LoveCard.Cards.Cards;

/// <summary>Benefit modules the card merges (DOMAIN.md §1: elder card, preferential-care card, bus card).</summary>
public static class CardModules
{
    public const string Elder = "elder";
    public const string PreferentialCare = "preferential_care";
    public const string Bus = "bus";

    public static readonly IReadOnlyList<string> All = [Elder, PreferentialCare, Bus];
}
