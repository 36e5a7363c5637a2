using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Core.Orders;

public sealed record PlaceOrderRequest(
    Guid? ElderId,
    Guid? ProviderId,
    [property: StringLength(40)] string? Item,
    [property: Range(1, 99, ErrorMessage = "quantity_out_of_range")] int? Quantity,
    [property: StringLength(500)] string? Note
);
