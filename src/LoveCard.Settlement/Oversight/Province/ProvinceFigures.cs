namespace LoveCard.Settlement.Oversight.Province;

/// <summary>The measures of the plan's targets at one moment, counted from settlement's own data (ADR 0037).</summary>
/// <param name="Cardholders">Living elders holding an active card (not awaiting consent, suspended or revoked).
/// </param>
/// <param name="CountiesCovered">Counties of the register with at least one cardholder and one whitelisted
/// provider.</param>
/// <param name="Counties">Counties in the register (not abolished).</param>
/// <param name="CertifiedCareWorkers">Care workers with a certificate valid today.</param>
/// <param name="RegisteredElders">Living elders of eligibility's register (every classified elder, eligible or
/// not).</param>
/// <param name="OneCardCounties">Counties of the register whose setting <c>oneCardNetwork</c> is on.</param>
public sealed record ProvinceFigures(
    long Cardholders,
    int CountiesCovered,
    int Counties,
    long CertifiedCareWorkers,
    long RegisteredElders,
    int OneCardCounties
);
