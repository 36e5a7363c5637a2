using Dapper;
using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.BackOffice.Supervision.Rules;

/// <summary>
/// A supervision rule that flags after the fact (DOMAIN.md §6), whole in one file: its code, the credit
/// points the whitelist service deducts for a finding, the county thresholds it reads (with their
/// defaults) and its SQL. The query looks at the purchases booked in the scan's window (the CTE
/// <c>np</c>, <see cref="NewPurchases"/>) and the history it needs, reads each threshold as
/// <c>bo_threshold(county, 'code', @code)</c>, and answers findings: <c>dedup_key</c>, <c>rule</c>,
/// <c>county</c>, <c>provider_id</c>, <c>card_id</c>, <c>purchase_id</c> and <c>evidence</c> (JSON of ids,
/// times, counts and distances; never names or ID numbers). A finding is kept once per dedup key.
/// A new rule is a new file beside this one and its test: <c>AnomalyRules.Registered</c> finds every subclass.
/// </summary>
public abstract class AnomalyRule
{
    /// <summary>The CTE <c>np</c>: the approved and voided purchases booked in [<c>@From</c>, <c>@To</c>).</summary>
    protected const string NewPurchases = """
        np AS (
            SELECT * FROM purchases
             WHERE booked_at >= @From AND booked_at < @To AND status IN ('approved', 'voided')
        )
        """;

    /// <summary>The rule's code: <c>AnomalyRaised.Rule</c>, the API's <c>rule</c> filter, the start of its threshold
    /// codes.</summary>
    public abstract string Code { get; }

    /// <summary>Credit points the whitelist service deducts from the provider
    /// (<c>AnomalyRaised.CreditPoints</c>).</summary>
    public abstract int CreditPoints { get; }

    /// <summary>What a county may set in <c>CountySettingsChanged.AnomalyThresholds</c>, with the defaults.</summary>
    public abstract IReadOnlyList<CountyThreshold> Thresholds { get; }

    /// <summary>The query that finds what the rule flags.</summary>
    public abstract string Sql { get; }

    /// <summary>Parameters the query needs beyond the window and the thresholds.</summary>
    public virtual void AddParameters(DynamicParameters parameters) { }
}
