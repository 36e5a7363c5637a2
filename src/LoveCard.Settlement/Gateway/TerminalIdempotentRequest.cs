using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// The gateway's last steps for endpoints marked with <see cref="TerminalEndpointExtensions.WithIdempotency"/>
/// (TERMINAL-PROTOCOL.md, "Idempotency"): claim the key, replay a known answer, or run the endpoint inside the
/// claim's transaction and record its answer.
/// </summary>
public sealed class TerminalIdempotentRequest(TimeProvider time, TerminalOptions options, TerminalRefusals refuse)
{
    /// <summary>
    /// TERMINAL-PROTOCOL.md "Idempotency". The claim row and the handler's writes share one
    /// transaction: a duplicate blocks on the row's primary key until the first commits (and then
    /// replays its answer) or rolls back (and then runs itself).
    /// </summary>
    /// <remarks>
    /// The nonce (step 9) is written in the same transaction and the same round trip as the claim,
    /// not committed on its own before: one commit (one WAL flush) and one round trip less per
    /// purchase (docs/benchmarks.md, "Where a purchase's time goes"). The nonce is still recorded
    /// whatever the outcome: with the answer when the handler succeeds, with the replayed answer
    /// when the key was known, and on its own after a rollback. Two copies of one signed request
    /// still get one answer and one <c>nonce_replayed</c>: the second copy's nonce insert waits
    /// for the first copy's transaction and then finds the row.
    /// </remarks>
    public async Task RunAsync(
        HttpContext context,
        RequestDelegate next,
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        NonceUse nonceUse,
        string idempotencyKey,
        string target,
        string bodySha256,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var terminalId = nonceUse.TerminalId;
        if (idempotencyKey.Length == 0 || idempotencyKey.Length > TerminalGatewayMiddleware.MaxIdempotencyKeyLength)
        {
            // The nonce check comes first (step 9 before the idempotency steps), as before, on its own.
            await transaction.RollbackAsync(ct);
            if (!await nonceUse.TryRecordAsync(connection, ct))
            {
                await refuse.NonceReplayedAsync(context);
                return;
            }

            await (
                idempotencyKey.Length == 0
                    ? refuse.RefuseAsync(
                        context,
                        400,
                        "idempotency_key_missing",
                        "This request needs an Idempotency-Key header.",
                        TerminalGatewayMiddleware.IdempotencyKeyHeader
                    )
                    : refuse.RefuseAsync(
                        context,
                        400,
                        "idempotency_key_invalid",
                        $"An Idempotency-Key has 1 to {TerminalGatewayMiddleware.MaxIdempotencyKeyLength} characters.",
                        TerminalGatewayMiddleware.IdempotencyKeyHeader
                    )
            );
            return;
        }

        var fingerprint = Fingerprint(context.Request.Method, target, bodySha256);
        var (nonceNew, claimed) = await TerminalIdempotencyStore.TryUseNonceAndClaimAsync(
            connection,
            transaction,
            nonceUse.Nonce,
            nonceUse.KeepUntil,
            terminalId,
            idempotencyKey,
            fingerprint,
            now,
            ct
        );
        if (!nonceNew)
        {
            await transaction.RollbackAsync(ct);
            await refuse.NonceReplayedAsync(context);
            return;
        }

        if (!claimed)
        {
            var stored = await TerminalIdempotencyStore.ReadClaimAsync(
                connection,
                transaction,
                terminalId,
                idempotencyKey,
                ct
            );

            // Commit, not roll back: the transaction holds this request's nonce and nothing else.
            await transaction.CommitAsync(ct);
            if (stored is null || stored.StatusCode is null || stored.Body is null)
            {
                // Only possible if the row was cleaned up between the insert and the read.
                await refuse.RefuseAsync(
                    context,
                    409,
                    "idempotency_conflict",
                    "The first request with this key changed state at the same time; retry."
                );
                return;
            }

            if (stored.Fingerprint != fingerprint)
            {
                await refuse.RefuseAsync(
                    context,
                    422,
                    "idempotency_key_reused",
                    "This Idempotency-Key was used with another method, target or body.",
                    TerminalGatewayMiddleware.IdempotencyKeyHeader
                );
                return;
            }

            context.Response.StatusCode = stored.StatusCode.Value;
            context.Response.ContentType = stored.ContentType;
            context.Response.ContentLength = stored.Body.Length;
            context.Response.Headers[TerminalGatewayMiddleware.ReplayedHeader] = "true";
            await context.Response.Body.WriteAsync(stored.Body, ct);
            return;
        }

        var terminalTransaction = new TerminalTransaction(connection, transaction, idempotencyKey, terminalId);
        context.Features.Set(terminalTransaction);
        var responseBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var captured = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(captured, responseBody));
        try
        {
            await next(context);
        }
        catch
        {
            // The platform's exception handler answers; nothing the handler wrote survives, so a retry runs afresh.
            context.Features.Set(responseBody);
            context.Features.Set<TerminalTransaction>(null);
            await RollbackQuietlyAsync(transaction);
            await nonceUse.RecordQuietlyAsync(connection);
            throw;
        }

        context.Features.Set(responseBody);
        context.Features.Set<TerminalTransaction>(null);
        var status = context.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            var contentType = context.Response.ContentType ?? "application/json";
            // Once the handler has answered, finish recording even if the client went away: it will retry and must get
            // this answer. A handler that already wrote exactly these bytes into the row leaves only the commit.
            var kept =
                status == StatusCodes.Status200OK
                && contentType == TerminalTransaction.JsonContentType
                && terminalTransaction.KeptResourceId == terminalTransaction.ResourceId
                && terminalTransaction.KeptBody is { } keptBody
                && keptBody.AsSpan().SequenceEqual(captured.GetBuffer().AsSpan(0, (int)captured.Length));
            if (!kept)
            {
                await TerminalIdempotencyStore.CompleteAsync(
                    connection,
                    transaction,
                    terminalId,
                    idempotencyKey,
                    status,
                    contentType,
                    captured.ToArray(),
                    terminalTransaction.ResourceId,
                    time.GetUtcNow(),
                    CancellationToken.None
                );
            }

            await transaction.CommitAsync(CancellationToken.None);

            if (
                options.FaultInjection.CrashAfterCommit is { Length: > 0 } crashPrefix
                && idempotencyKey.StartsWith(crashPrefix, StringComparison.Ordinal)
            )
            {
                // Fault test F3: committed, answer not yet sent. Never configured in Production (TerminalOptions.From).
                Environment.FailFast("Terminal:FaultInjection:CrashAfterCommit after commit of " + idempotencyKey);
            }
        }
        else
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await nonceUse.RecordQuietlyAsync(connection);
        }

        captured.Position = 0;
        await captured.CopyToAsync(context.Response.Body, ct);
    }

    /// <summary>
    /// Lowercase hex SHA-256 of the UTF-8 of <c>method \n target \n bodySha256</c>, written straight into a pooled
    /// buffer rather than a string and its copy (ADR 0057); the UTF-8 of the joined text is the parts' UTF-8 joined.
    /// </summary>
    public static string Fingerprint(string method, string target, string bodySha256)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(
            Encoding.UTF8.GetMaxByteCount(method.Length + target.Length + bodySha256.Length) + 2
        );
        try
        {
            var n = Encoding.UTF8.GetBytes(method, buffer);
            buffer[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(target, buffer.AsSpan(n));
            buffer[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(bodySha256, buffer.AsSpan(n));
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, n), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task RollbackQuietlyAsync(NpgsqlTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken connection has rolled back already; the original exception is the one to report.
        }
    }
}
