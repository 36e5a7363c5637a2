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

/// <summary>
/// The attributes a bureau may change (identity stays). Every field is replaced, except
/// <see cref="Phone"/>: answers show it masked, so null keeps the stored number.
/// </summary>
public sealed record ElderAttributes(
    [property: StringLength(ElderInput.DivisionCodeLength, ErrorMessage = "invalid_division_code")]
        string? HukouProvince,
    [property: StringLength(ElderInput.DivisionCodeLength, ErrorMessage = "invalid_division_code")] string? HukouCounty,
    [property: StringLength(ElderInput.DivisionCodeLength, ErrorMessage = "invalid_county")] string? HomeCounty,
    [property: StringLength(ElderInput.VillageCodeLength, ErrorMessage = "invalid_village_code")] string? VillageCode,
    [property: StringLength(ElderInput.MaxPhoneLength, ErrorMessage = "invalid_phone")] string? Phone,
    [property: StringLength(32, ErrorMessage = "invalid_hardship")] string? Hardship,
    [property: Range(
        LoveCard.Eligibility.Classification.AbilityLevels.MinScore,
        LoveCard.Eligibility.Classification.AbilityLevels.MaxScore
    )]
        int? AbilityScore,
    DateOnly? AssessmentDate,
    bool? Dementia,
    [property: MaxLength(20)] string[]? SpecialSituations,
    [property: StringLength(32, ErrorMessage = "invalid_card_number")] string? SocialSecurityCardNumber,
    [property: StringLength(500)] string? Reason
);
