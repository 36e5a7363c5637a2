using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Errors;

namespace LoveCard.Cards.Cards;

/// <summary>Why a card is suspended or revoked (the event's StatusReason).</summary>
public static class SuspensionReasons
{
    public const string Lost = "lost";
    public const string Dispute = "dispute";
    public const string MovedAway = "moved_away";
    public const string Other = "other";
    public const string ConsentWithdrawn = "consent_withdrawn";
    public const string NotEligible = "not_eligible";

    /// <summary>What a bureau may give for a suspension by hand.</summary>
    public static readonly IReadOnlyList<string> ByBureau = [Lost, Dispute, MovedAway, Other];

    public const string Death = "death";
    public const string LeftProgramme = "left_programme";

    public static readonly IReadOnlyList<string> Revocation = [Death, LeftProgramme];
}
