using System.Text;
using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Imports;

public sealed record ImportRecord(
    Guid ImportId,
    string County,
    string? FileName,
    string Format,
    string? Encoding,
    string Status,
    long Bytes,
    long RowsRead,
    long RowsAccepted,
    long RowsRejected,
    long RowsCreated,
    long RowsUpdated,
    long RowsUnchanged,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Error);
