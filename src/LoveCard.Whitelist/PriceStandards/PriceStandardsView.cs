using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.PriceStandards;

public sealed record PriceStandardsView(
    string County,
    PriceStandardVersion? InForce,
    IReadOnlyList<PriceStandardVersion> Scheduled
);
