using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Credit;

public sealed record CreditView(
    Guid ProviderId,
    int CreditScore,
    string CreditBand,
    int SuspendBelow,
    string Status,
    Paged<CreditEventRow> Events
);
