namespace LoveCard.Settlement.BackOffice.Reconciliation;

/// <summary>A provider's list: which key column it used and its rows.</summary>
public sealed record ProviderList(string KeyColumn, IReadOnlyList<ProviderListRow> Rows);
