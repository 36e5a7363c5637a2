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
    string? Error,
    long? RowsTotal = null
)
{
    /// <summary>How far the import is, 0 to 100 (100 once finished); null while the total is unknown.</summary>
    public double? Percent => ImportProgressMath.Percent(Status, RowsRead, RowsTotal);
}
