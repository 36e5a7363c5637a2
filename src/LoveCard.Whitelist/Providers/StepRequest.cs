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

public sealed record StepRequest([property: StringLength(500, ErrorMessage = "reason_required")] string? Reason);
