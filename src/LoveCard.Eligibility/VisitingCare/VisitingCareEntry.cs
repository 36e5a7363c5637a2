using System.Globalization;
using System.Text;
using Dapper;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Exports;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.VisitingCare;

/// <summary>One elder for the grid workers' visits (探访关爱); masked like every list.</summary>
public sealed class VisitingCareEntry
{
    public Guid ElderId { get; init; }
    public string Name { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public int? Category { get; init; }
    public string[] Situations { get; init; } = [];
    public string? Phone { get; init; }
}
