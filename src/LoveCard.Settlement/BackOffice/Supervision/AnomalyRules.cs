using LoveCard.Contracts;
using LoveCard.Settlement.Core.Holds;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// The supervision rules (监督管理, DOMAIN.md §6) and their defaults. Every threshold is a county
/// setting: the eligibility service publishes <c>CountySettingsChanged.AnomalyThresholds</c> keyed by
/// the threshold codes below; a county that sets none gets these defaults.
/// </summary>
public static class AnomalyRules
{
    /// <summary>The same card at two providers further apart than a person travels in the time between.</summary>
    public const string ImpossibleTravel = TerminalHoldRules.ImpossibleTravel;

    /// <summary>More meals in one Asia/Shanghai day on one card than a person eats.</summary>
    public const string MealsPerDay = TerminalHoldRules.MealsPerDay;

    /// <summary>A purchase booked after the card was revoked for death (the read model lagged, or a terminal was offline).</summary>
    public const string AfterDeath = "after_death";

    /// <summary>A provider whose sales sit at the county's price ceiling nearly always.</summary>
    public const string PriceAtCeiling = "price_at_ceiling";

    /// <summary>A provider's day of sales far above its own recent daily average.</summary>
    public const string VolumeJump = "volume_jump";

    /// <summary>Many purchases by one card at one provider in a short window: a sale split to stay under a cap or a price check.</summary>
    public const string SplitPurchases = "split_purchases";

    /// <summary>A terminal used outside its provider's opening hours.</summary>
    public const string OutsideHours = "outside_hours";

    /// <summary>A purchase given while the elder was recorded in hospital or away (elder_absences).</summary>
    public const string DuringAbsence = "during_absence";

    /// <summary>Many distinct cards used in a burst at one terminal: staff eating on elders' cards (冒用).</summary>
    public const string CardBurst = "card_burst";

    /// <summary>Purchases reported (booked) long after the terminal says they happened.</summary>
    public const string LateReport = "late_report";

    /// <summary>A home service (bathing, cleaning, mobility) sold without the care worker or the place of the visit.</summary>
    public const string NoVisitProof = "no_visit_proof";

    public static readonly IReadOnlyList<string> All =
        [ImpossibleTravel, MealsPerDay, AfterDeath, PriceAtCeiling, VolumeJump, SplitPurchases, OutsideHours, DuringAbsence, CardBurst, LateReport, NoVisitProof];

    /// <summary>
    /// The items given in the elder's home, which the terminal should sell with <c>careWorkerId</c> and
    /// <c>location</c> (TERMINAL-PROTOCOL.md, purchase request). The whitelist does not classify items
    /// (a county-added item carries only code, name, unit), so the standard home services are named here.
    /// </summary>
    public static readonly IReadOnlyList<string> HomeServiceItems = [ServiceItems.Bath, ServiceItems.Cleaning, ServiceItems.Mobility];

    /// <summary>Threshold codes and their defaults (what a county's <c>AnomalyThresholds</c> may override).</summary>
    public static readonly IReadOnlyDictionary<string, long> Defaults = new Dictionary<string, long>
    {
        ["impossible_travel_kmh"] = TerminalHoldRules.Defaults["impossible_travel_kmh"],
        ["impossible_travel_min_km"] = TerminalHoldRules.Defaults["impossible_travel_min_km"],
        ["meals_per_day"] = TerminalHoldRules.Defaults["meals_per_day"],
        ["after_death_grace_minutes"] = 0,
        ["price_at_ceiling_percent"] = 95,       // share of the last 30 days' sales at the ceiling
        ["price_at_ceiling_min_purchases"] = 20, // too few sales say nothing
        ["volume_jump_percent"] = 300,           // a day above 3x the 28-day daily average
        ["volume_jump_min_purchases"] = 20,
        ["split_purchases_count"] = 3,           // this many by one card at one provider ...
        ["split_purchases_window_minutes"] = 30, // ... within this many minutes
        ["outside_hours_grace_minutes"] = 15,
        ["during_absence_grace_minutes"] = 60,   // admission and discharge times are recorded roughly
        ["card_burst_cards"] = 10,               // this many distinct cards at one terminal ...
        ["card_burst_window_minutes"] = 2,       // ... within this many minutes: ~12 s a card is a stack of cards, not a queue ...
        ["card_burst_captive_percent"] = 50,     // ... and at least this share of them never used at another provider (0: any burst)
        ["late_report_minutes"] = 120,           // booked this long after occurredAt (the protocol allows up to 24 h offline)
        ["no_visit_proof_count"] = 1,            // unproven home visits by one provider in a day
    };

    /// <summary>Credit points the whitelist service deducts from the provider (AnomalyRaised.CreditPoints).</summary>
    public static readonly IReadOnlyDictionary<string, int> CreditPoints = new Dictionary<string, int>
    {
        [ImpossibleTravel] = 3,
        [MealsPerDay] = 2,
        [AfterDeath] = 10,
        [PriceAtCeiling] = 5,
        [VolumeJump] = 3,
        [SplitPurchases] = 3,
        [OutsideHours] = 2,
        [DuringAbsence] = 5,
        [CardBurst] = 5,
        [LateReport] = 1,
        [NoVisitProof] = 2,
    };
}
