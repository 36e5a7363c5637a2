using System.Globalization;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>
/// A county's public statistics for a month. Counts are strings: a number, or <c>&lt;10</c>.
/// Amounts are in fen, null where the purchases behind them are fewer than 10.
/// </summary>
public sealed record CountyStats(
    string County,
    string Month,
    DateTimeOffset GeneratedAt,
    int SuppressedBelow,
    CardholderStats Cardholders,
    PurchaseStats PurchasesAtCountyProviders,
    PurchaseStats PurchasesByCountyElders,
    ProviderStats Providers,
    CareWorkerStats CareWorkers
);
