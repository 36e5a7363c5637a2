using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.Core.Holds;

/// <summary>
/// A supervision rule that stops a purchase at the terminal as <c>held_for_review</c> (DOMAIN.md §6:
/// "Rules that should stop a purchase at the terminal decline it"), whole in one file: its code, the
/// county thresholds it reads (with their defaults) and its decision. The decision is pure, over a
/// <see cref="HoldContext"/> that <see cref="HoldContextQuery"/> reads for every hold at once, in one round
/// trip of the purchase (a hot path); a new hold adds its columns there, a new file beside this one
/// (<see cref="TerminalHoldRules.Registered"/> finds every subclass), and its test.
/// </summary>
public abstract class HoldRule
{
    /// <summary>The rule's code; the back office's anomaly rule of the same code flags what slipped through.</summary>
    public abstract string Code { get; }

    /// <summary>Where this hold is checked among the others, lowest first: the first that holds names the purchase's
    /// hold.</summary>
    public abstract int CheckOrder { get; }

    /// <summary>What a county may set in <c>CountySettingsChanged.AnomalyThresholds</c>, with the defaults.</summary>
    public abstract IReadOnlyList<CountyThreshold> Thresholds { get; }

    /// <summary>Whether this purchase should be held.</summary>
    public abstract bool Holds(HoldContext context);
}
