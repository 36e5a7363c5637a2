using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Items;

public sealed record SetItemsRequest(
    [property: MaxLength(200)] IReadOnlyList<ItemRequest>? Items,
    [property: StringLength(500)] string? Reason
);
