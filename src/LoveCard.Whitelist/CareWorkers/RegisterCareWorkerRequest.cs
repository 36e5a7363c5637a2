using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.CareWorkers;

public sealed record RegisterCareWorkerRequest(
    [property: StringLength(50, ErrorMessage = "required")] string? Name,
    [property: StringLength(40, ErrorMessage = "required")] string? CertificateNumber,
    [property: StringLength(32, ErrorMessage = "invalid_certificate_level")] string? CertificateLevel,
    DateOnly? ValidUntil
);
