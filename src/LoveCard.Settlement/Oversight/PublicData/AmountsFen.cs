using System.Globalization;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>Net amounts in fen; the subsidy is fiscal + collective + charity.</summary>
public sealed record AmountsFen(
    long PriceFen,
    long SubsidyFen,
    long FiscalFen,
    long CollectiveFen,
    long CharityFen,
    long FamilyFen
);
