using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Credit;

/// <param name="Points">The magnitude: a commendation adds it, every other type deducts it.</param>
public sealed record CreditEventAnswer(
    CreditEventRow Event,
    int CreditScore,
    string CreditBand,
    string Status,
    bool SuspendedByThisEvent
);
