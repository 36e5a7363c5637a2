using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoveCard.Settlement.Core.Funds;

public sealed record TopUpRequest(
    [property: Range(typeof(long), "1", "100000000000")] long? AmountFen,
    [property: StringLength(12)] string? Village,
    [property: StringLength(500)] string? Note
);
