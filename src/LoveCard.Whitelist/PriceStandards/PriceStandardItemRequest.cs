using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.PriceStandards;

public sealed record PriceStandardItemRequest(
    [property: StringLength(32, ErrorMessage = "invalid_item_code")] string? ItemCode,
    [property: StringLength(50, ErrorMessage = "required")] string? Name,
    [property: StringLength(20, ErrorMessage = "required")] string? Unit,
    [property: Range(typeof(long), "1", "100000000", ErrorMessage = "invalid_ceiling")] long? CeilingFen,
    bool? HomeService = null,
    [property: Range(1, 480, ErrorMessage = "invalid_minimum_visit_minutes")] int? MinimumVisitMinutes = null
);
