using System.Globalization;
using System.Text.RegularExpressions;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;

namespace LoveCard.Eligibility.Elders;

/// <summary>One roster row or request body as text, before validation.</summary>
public sealed record RawElder(
    string? IdNumber,
    string? Name,
    string? HukouProvince,
    string? HukouCounty,
    string? HomeCounty,
    string? VillageCode,
    string? Phone,
    string? Hardship,
    string? AbilityScore,
    string? AssessmentDate,
    string? Dementia,
    string? SpecialSituations,
    string? SocialSecurityCardNumber
);
