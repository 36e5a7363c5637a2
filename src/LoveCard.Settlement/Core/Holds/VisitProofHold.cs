using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.Core.Holds;

/// <summary>
/// A home service without a visit that proves it, in a county that requires proof (DOMAIN.md §8 "Home visits",
/// ADR 0026): declined <c>held_for_review</c>. Elsewhere it is approved and <c>no_visit_proof</c> flags it.
/// </summary>
public sealed class VisitProofHold : HoldRule
{
    /// <summary>1 (or more): the county requires proof; 0, the default: it flags instead.</summary>
    public static readonly CountyThreshold Required = new("no_visit_proof_required", 0);

    /// <summary>The code of the back office's rule that flags the unproven home services this lets through.</summary>
    public const string Name = "no_visit_proof";

    public override string Code => Name;

    /// <summary>After the meals and the travel checks, which hold whatever the visit.</summary>
    public override int CheckOrder => 3;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } = [Required];

    public override bool Holds(HoldContext context) =>
        context.VisitProofRequired > 0 && context.VisitProblems.Count > 0;
}
