using Dapper;
using Npgsql;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>Unsuppressed figures, for the API to suppress; never answered as they are.</summary>
public sealed record CountyFigures(
    IReadOnlyList<(int Category, long Count)> Categories,
    IReadOnlyList<(string Status, long Count)> Statuses,
    long CertifiedCareWorkers,
    IReadOnlyList<ItemFigures> PurchasesByProviderCounty,
    IReadOnlyList<ItemFigures> PurchasesByHomeCounty
);
