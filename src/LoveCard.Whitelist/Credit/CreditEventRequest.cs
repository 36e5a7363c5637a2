using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Credit;

public sealed record CreditEventRequest(
    [property: StringLength(32, ErrorMessage = "invalid_credit_event_type")] string? Type,
    [property: Range(1, 100, ErrorMessage = "invalid_points")] int? Points,
    [property: StringLength(1000, ErrorMessage = "note_required")] string? Note
);
