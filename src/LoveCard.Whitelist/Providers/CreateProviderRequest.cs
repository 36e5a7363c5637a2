using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Hosting.PersonalData;
using LoveCard.Whitelist.Credit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Providers;

public sealed record CreateProviderRequest(
    [property: StringLength(18, ErrorMessage = "invalid_unified_code")] string? UnifiedCode,
    [property: StringLength(200)] string? Name,
    [property: StringLength(32, ErrorMessage = "invalid_provider_type")] string? ProviderType,
    [property: StringLength(6, ErrorMessage = "invalid_county")] string? County,
    [property: StringLength(300)] string? Address,
    [property: StringLength(100)] string? ContactName,
    [property: StringLength(32)] string? ContactPhone,
    [property: StringLength(32, ErrorMessage = "invalid_admission_route")] string? AdmissionRoute,
    DateOnly? ContractStart,
    DateOnly? ContractEnd,
    bool? LegacyCodeOverride,
    [property: StringLength(500)] string? LegacyCodeReason,
    [property: StringLength(9, ErrorMessage = "invalid_township")] string? Township = null
);
