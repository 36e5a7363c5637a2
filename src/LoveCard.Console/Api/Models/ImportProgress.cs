namespace LoveCard.Console.Api;

/// <summary>Where a roster import stands.</summary>
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
    string? FileName = null
);
