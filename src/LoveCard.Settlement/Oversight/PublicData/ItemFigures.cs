using Dapper;
using Npgsql;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>One item's purchases in the month, net of the voids and refunds booked in it.</summary>
public sealed class ItemFigures
{
    public string Item { get; init; } = "";

    public long Purchases { get; init; }

    public long Reversals { get; init; }

    public long PriceFen { get; init; }

    public long FiscalFen { get; init; }

    public long CollectiveFen { get; init; }

    public long CharityFen { get; init; }

    public long FamilyFen { get; init; }
}
