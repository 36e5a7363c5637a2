using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Policies;

/// <summary>A proposed policy version: shares per category (and optionally per item) and monthly caps per
/// source.</summary>
public sealed record PolicyProposal(
    DateOnly? EffectiveFrom,
    [property: MaxLength(3)] IReadOnlyList<CategoryPolicy>? Categories,
    [property: StringLength(500)] string? Reason
);
