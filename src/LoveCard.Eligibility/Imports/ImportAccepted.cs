using System.Text;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LoveCard.Eligibility.Imports;

public sealed record ImportAccepted(Guid ImportId, string Status, string Location);
