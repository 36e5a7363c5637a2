using System.Globalization;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>Purchases of the month by item; <see cref="Amounts"/> splits the money by source (fiscal, collective,
/// charity, family).</summary>
public sealed record PurchaseStats(
    string Basis,
    string Purchases,
    string Reversals,
    AmountsFen? Amounts,
    IReadOnlyList<ItemStats> ByItem
);
