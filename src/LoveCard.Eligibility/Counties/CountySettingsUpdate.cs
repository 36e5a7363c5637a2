using System.ComponentModel.DataAnnotations;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Eligibility.Imports;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Counties;

/// <summary>A new version of every setting; all are required, so a PUT never half-changes a county.</summary>
public sealed record CountySettingsUpdate(
    int? AdvancedAge,
    int? MinDisabilityLevel,
    int? AssessmentValidMonths,
    bool? AllowNonLocalResidents,
    bool? OneCardNetwork,
    int? SuspendBelow,
    int? LowFundAlertDays,
    bool? MountainOrIsland,
    Dictionary<string, long>? AnomalyThresholds,
    [property: StringLength(500)] string? Reason
);
