namespace LoveCard.Settlement.BackOffice.Reconciliation;

/// <summary>
/// One row of a provider's own list; <see cref="Row"/> is the file's row number (the header is row 1).
/// </summary>
public sealed record ProviderListRow(int Row, string Key, DateTimeOffset Time, string Item, long AmountFen);
