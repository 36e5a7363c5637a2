using Dapper;
using LoveCard.Hosting.Data;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

/// <summary>One published classification of an elder (history).</summary>
public sealed class ClassificationRecord
{
    public long Version { get; init; }
    public int? Category { get; init; }
    public bool Eligible { get; init; }
    public bool IsLocal { get; init; }
    public string[] Reasons { get; init; } = [];

    /// <summary>A Chinese sentence for each reason code, in the same order.</summary>
    public string[] ReasonTexts => LoveCard.Eligibility.Classification.ReasonTexts.Of(Reasons);
    public string RulesVersion { get; init; } = "";
    public DateOnly EvaluatedOn { get; init; }
    public string HomeCounty { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public string Actor { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateTime OccurredAt { get; init; }
}
