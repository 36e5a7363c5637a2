using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Items;

public sealed record ItemRequest(
    [property: StringLength(32)] string? ItemCode,
    [property: Range(typeof(long), "1", "100000000", ErrorMessage = "invalid_price")] long? UnitPriceFen,
    [property: Range(0, 100, ErrorMessage = "invalid_discount")] int? DiscountPercent,
    DateOnly? EffectiveFrom
);
