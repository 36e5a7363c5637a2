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

public sealed record ProviderView(
    Guid Id,
    string UnifiedCode,
    string Name,
    string ProviderType,
    string County,
    string Address,
    string ContactName,
    string ContactPhone,
    string AdmissionRoute,
    DateOnly ContractStart,
    DateOnly ContractEnd,
    string Status,
    int CreditScore,
    string CreditBand,
    bool LegacyCodeOverride,
    string? LegacyCodeReason,
    long Version,
    string? Township
)
{
    public static ProviderView From(ProviderRow p, Caller caller)
    {
        var contact = ProviderAccess.SeesContact(caller, p);
        return new ProviderView(
            p.Id,
            p.UnifiedCode,
            p.Name,
            p.ProviderType,
            p.County,
            p.Address,
            contact ? p.ContactName : PersonalDataProtector.MaskName(p.ContactName),
            contact ? p.ContactPhone : PersonalDataProtector.MaskPhone(p.ContactPhone),
            p.AdmissionRoute,
            p.ContractStart,
            p.ContractEnd,
            p.Status,
            p.CreditScore,
            CreditBands.Of(p.CreditScore),
            p.LegacyCodeOverride,
            p.LegacyCodeReason,
            p.Version,
            p.Township
        );
    }
}
