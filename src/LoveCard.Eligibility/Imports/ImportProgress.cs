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

public sealed record ImportProgress(
    Guid ImportId,
    string County,
    string Status,
    string Format,
    string? Encoding,
    long Bytes,
    long RowsRead,
    long RowsAccepted,
    long RowsRejected,
    long RowsCreated,
    long RowsUpdated,
    long RowsUnchanged,
    double RowsPerSecond,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    long? RowsTotal = null,
    double? Percent = null,
    long? SecondsLeft = null
);
