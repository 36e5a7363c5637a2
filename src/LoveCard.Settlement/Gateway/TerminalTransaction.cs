using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// The idempotent request's open transaction: the handler writes everything through it and never
/// commits it; the gateway stores the answer in it and commits (docs/terminal-protocol-implementation.md).
/// </summary>
/// <remarks>
/// A handler that knows its 200 answer before its last round trip may write it into the claim row in that round
/// trip (<see cref="AnswerCommand"/>, then <see cref="AnswerKept"/> once the round trip succeeded). The gateway then
/// only commits, provided the bytes it captured are exactly those; otherwise it writes what it captured, as always.
/// </remarks>
public sealed class TerminalTransaction(
    NpgsqlConnection connection,
    NpgsqlTransaction transaction,
    string idempotencyKey,
    string terminalId
)
{
    /// <summary>The content type of a JSON answer, as ASP.NET Core's JSON results write it.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    private byte[]? _pendingBody;
    private string? _pendingResource;

    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>What the request created (e.g. the purchase id), kept with the answer for look-ups by key.</summary>
    public string? ResourceId { get; set; }

    /// <summary>The 200 JSON answer the handler wrote into the claim row (<see cref="AnswerKept"/>), or null.</summary>
    internal byte[]? KeptBody { get; private set; }

    /// <summary>The resource id written with <see cref="KeptBody"/>.</summary>
    internal string? KeptResourceId { get; private set; }

    /// <summary>
    /// The statement that writes a 200 JSON answer into this request's claim row, for the handler's own last batch;
    /// call <see cref="AnswerKept"/> when that batch succeeded and was not rolled back to a savepoint.
    /// </summary>
    public NpgsqlBatchCommand AnswerCommand(byte[] body, string? resourceId, DateTimeOffset now)
    {
        _pendingBody = body;
        _pendingResource = resourceId;
        return TerminalIdempotencyStore.CompleteCommand(
            terminalId,
            IdempotencyKey,
            200,
            JsonContentType,
            body,
            resourceId,
            now
        );
    }

    /// <summary>The answer of the last <see cref="AnswerCommand"/> is in the claim row.</summary>
    public void AnswerKept()
    {
        KeptBody = _pendingBody;
        KeptResourceId = _pendingResource;
    }
}
