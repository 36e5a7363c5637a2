using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Hosting.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

/// <summary>An elder as answered: ID number, name and phone masked unless an unmasked read was asked for and
/// allowed.</summary>
public sealed record ElderView(
    Guid ElderId,
    string IdNumber,
    string Name,
    string Sex,
    int Age,
    DateOnly? BirthDate,
    string HukouProvince,
    string? HukouCounty,
    string HomeCounty,
    string VillageCode,
    string? Phone,
    string Hardship,
    int? AbilityScore,
    DateOnly? AssessmentDate,
    int? AbilityLevel,
    bool Dementia,
    string[] SpecialSituations,
    string? SocialSecurityCardNumber,
    ClassificationView Classification,
    long Version,
    bool Unmasked
);
