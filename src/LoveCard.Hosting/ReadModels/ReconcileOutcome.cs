namespace LoveCard.Hosting.ReadModels;

/// <summary>
/// One kind's reconciliation: aggregates the source holds, those this service had older or not at
/// all (past the grace period), those it asked for again, and whether repairs waited for a backlog.
/// </summary>
public sealed record ReconcileOutcome(string Kind, long Aggregates, long Behind, long Repaired, bool Deferred);
