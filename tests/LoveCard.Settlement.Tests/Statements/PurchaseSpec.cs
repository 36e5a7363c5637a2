using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Tests.Statements;

/// <summary>A purchase to write: who, where, when, and its split (the four lines add up to the price).</summary>
public sealed record PurchaseSpec(
    Guid ProviderId,
    string ProviderCounty,
    Guid ElderId,
    Guid CardId,
    string HomeCounty,
    string Village,
    DateTimeOffset BookedAt,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyFen,
    string Item = "meal",
    int Quantity = 1,
    string? TerminalId = null,
    string? ReceiptNo = null,
    double? Lat = null,
    double? Lon = null,
    long? ListPriceFen = null,
    string? MaskedName = "王*华",
    int Category = 1
)
{
    public long PriceFen => FiscalFen + CollectiveFen + CharityFen + FamilyFen;
}
