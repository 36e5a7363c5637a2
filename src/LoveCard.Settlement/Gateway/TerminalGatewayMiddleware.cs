using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// Everything under <c>/terminal/v1</c> passes here (TERMINAL-PROTOCOL.md, "Signed requests" and
/// "Idempotency"; the order of checks is in docs/terminal-protocol-implementation.md): the 16 KiB
/// body limit, rate limits, signature, clock skew and nonce, then idempotency for endpoints marked
/// with <see cref="TerminalEndpointExtensions.WithIdempotency"/>.
/// </summary>
public sealed partial class TerminalGatewayMiddleware(
    RequestDelegate next,
    TerminalKeys keys,
    TerminalRateLimits limits,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IProblemDetailsService problems,
    TerminalOptions options
)
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxClockSkewSeconds = 300;

    /// <summary>Nonces are kept until timestamp + 360 s: past the 300 s skew window, so a replay is always caught by
    /// one check or the other.</summary>
    public const int NonceRetentionSeconds = 360;

    public const int MaxIdempotencyKeyLength = 64;

    public static readonly PathString Prefix = "/terminal/v1";

    public const string TerminalHeader = "X-LoveCard-Terminal";
    public const string TimestampHeader = "X-LoveCard-Timestamp";
    public const string NonceHeader = "X-LoveCard-Nonce";
    public const string SignatureHeader = "X-LoveCard-Signature";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Prefix))
        {
            await next(context);
            return;
        }

        var ct = context.RequestAborted;
        var body = await BufferBodyAsync(context.Request, ct);
        if (body is null)
        {
            await RefuseAsync(context, 413, "body_too_large", $"The body is larger than {MaxBodyBytes} bytes.");
            return;
        }

        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<UnsignedTerminalEndpoint>() is not null)
        {
            // Unsigned endpoints answer anyone, so they are limited per client address instead.
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (limits.TryUnsigned(address, context.Response) is { } wait)
            {
                await RefuseRateLimitedAsync(context, wait);
                return;
            }

            await next(context);
            return;
        }

        var headers = context.Request.Headers;
        var terminalId = headers[TerminalHeader].ToString();
        var timestampText = headers[TimestampHeader].ToString();
        var nonce = headers[NonceHeader].ToString();
        var signatureText = headers[SignatureHeader].ToString();
        if (terminalId.Length == 0 || timestampText.Length == 0 || nonce.Length == 0 || signatureText.Length == 0)
        {
            await RefuseAsync(
                context,
                401,
                "signature_missing",
                $"Signed requests carry {TerminalHeader}, {TimestampHeader}, {NonceHeader} and {SignatureHeader}."
            );
            return;
        }

        var signature = new byte[32];
        if (
            !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || !NoncePattern().IsMatch(nonce)
            || !Convert.TryFromBase64String(signatureText, signature, out var signatureLength)
            || signatureLength != 32
        )
        {
            await RefuseAsync(context, 401, "signature_invalid", "The timestamp, nonce or signature is malformed.");
            return;
        }

        // Before the look-up, so forged requests (finding S-7) stop costing database work once they
        // have spent the failures allowed to the terminal id they claim or to their address.
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (limits.TryBeforeLookup(terminalId, client) is { } backOff)
        {
            await RefuseRateLimitedAsync(context, backOff);
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var terminal = await TerminalStore.FindAsync(connection, terminalId, ct);
        if (terminal is null || terminal.KeyVersion == 0 || terminal.MasterKeyId is null)
        {
            limits.RecordFailure(terminalId, client);
            await RefuseAsync(context, 401, "terminal_unknown", "This terminal is not registered or not activated.");
            return;
        }

        if (terminal.IsDisabled)
        {
            limits.RecordFailure(terminalId, client);
            await RefuseAsync(context, 401, "terminal_disabled", "This terminal has been disabled.");
            return;
        }

        var now = time.GetUtcNow();
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > MaxClockSkewSeconds)
        {
            limits.RecordFailure(terminalId, client);
            context.Response.Headers["X-LoveCard-Server-Time"] = now.ToUnixTimeSeconds()
                .ToString(CultureInfo.InvariantCulture);
            await RefuseAsync(
                context,
                401,
                "timestamp_skew",
                $"The timestamp is more than {MaxClockSkewSeconds} s from server time; set the clock from GET "
                    + $"/terminal/v1/time."
            );
            return;
        }

        var target = RawTarget(context);
        var idempotencyKey = headers[IdempotencyKeyHeader].ToString();
        var bodySha256 = TerminalSignature.BodySha256Hex(body.GetBuffer().AsSpan(0, (int)body.Length));
        var canonical = TerminalSignature.CanonicalString(
            context.Request.Method,
            target,
            terminalId,
            timestampText,
            nonce,
            idempotencyKey,
            bodySha256
        );
        var key = keys.For(terminal.MasterKeyId, terminalId, terminal.KeyVersion);
        if (key is null || !TerminalSignature.Verify(key, canonical, signature))
        {
            limits.RecordFailure(terminalId, client);
            await RefuseAsync(
                context,
                401,
                "signature_invalid",
                "The signature does not match this request and this terminal's current key."
            );
            return;
        }

        // After verification, so a forged request cannot spend a real terminal's tokens.
        if (limits.TryTerminal(terminalId, context.Response) is { } retryAfter)
        {
            await RefuseRateLimitedAsync(context, retryAfter);
            return;
        }

        var nonceUse = new NonceUse(
            terminalId,
            nonce,
            DateTimeOffset.FromUnixTimeSeconds(timestamp + NonceRetentionSeconds)
        );
        context.Features.Set(new TerminalIdentity(terminalId, terminal.ProviderId, terminal.County ?? ""));
        if (endpoint?.Metadata.GetMetadata<IdempotentTerminalEndpoint>() is null)
        {
            if (!await TryUseNonceAsync(context, connection, nonceUse, ct))
            {
                return;
            }

            await connection.DisposeAsync();
            await next(context);
            return;
        }

        await RunIdempotentAsync(context, connection, nonceUse, idempotencyKey, target, bodySha256, now, ct);
    }

    /// <summary>Step 9 on its own (autocommit): false, and the refusal written, when the nonce was used
    /// before.</summary>
    private async Task<bool> TryUseNonceAsync(
        HttpContext context,
        NpgsqlConnection connection,
        NonceUse use,
        CancellationToken ct
    )
    {
        if (await TerminalStore.TryUseNonceAsync(connection, use.TerminalId, use.Nonce, use.KeepUntil, ct))
        {
            return true;
        }

        await RefuseNonceReplayedAsync(context);
        return false;
    }

    private Task RefuseNonceReplayedAsync(HttpContext context) =>
        RefuseAsync(context, 401, "nonce_replayed", "This nonce was used before by this terminal.");

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
    private async Task RunIdempotentAsync(
        HttpContext context,
        NpgsqlConnection connection,
        NonceUse nonceUse,
        string idempotencyKey,
        string target,
        string bodySha256,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var terminalId = nonceUse.TerminalId;
        if (idempotencyKey.Length == 0 || idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            // The nonce check comes first (step 9 before the idempotency steps), as before.
            if (!await TryUseNonceAsync(context, connection, nonceUse, ct))
            {
                return;
            }

            await (
                idempotencyKey.Length == 0
                    ? RefuseAsync(
                        context,
                        400,
                        "idempotency_key_missing",
                        "This request needs an Idempotency-Key header.",
                        IdempotencyKeyHeader
                    )
                    : RefuseAsync(
                        context,
                        400,
                        "idempotency_key_invalid",
                        $"An Idempotency-Key has 1 to {MaxIdempotencyKeyLength} characters.",
                        IdempotencyKeyHeader
                    )
            );
            return;
        }

        var fingerprint = Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{context.Request.Method}\n{target}\n{bodySha256}"))
        );
        await using var transaction = await connection.BeginTransactionAsync(ct);
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
            await RefuseNonceReplayedAsync(context);
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
                await RefuseAsync(
                    context,
                    409,
                    "idempotency_conflict",
                    "The first request with this key changed state at the same time; retry."
                );
                return;
            }

            if (stored.Fingerprint != fingerprint)
            {
                await RefuseAsync(
                    context,
                    422,
                    "idempotency_key_reused",
                    "This Idempotency-Key was used with another method, target or body.",
                    IdempotencyKeyHeader
                );
                return;
            }

            context.Response.StatusCode = stored.StatusCode.Value;
            context.Response.ContentType = stored.ContentType;
            context.Response.ContentLength = stored.Body.Length;
            context.Response.Headers[ReplayedHeader] = "true";
            await context.Response.Body.WriteAsync(stored.Body, ct);
            return;
        }

        var terminalTransaction = new TerminalTransaction(connection, transaction, idempotencyKey);
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
            await RecordNonceQuietlyAsync(connection, nonceUse);
            throw;
        }

        context.Features.Set(responseBody);
        context.Features.Set<TerminalTransaction>(null);
        var status = context.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            var bytes = captured.ToArray();
            var contentType = context.Response.ContentType ?? "application/json";
            // Once the handler has answered, finish recording even if the client went away: it will retry and must get
            // this answer.
            await TerminalIdempotencyStore.CompleteAsync(
                connection,
                transaction,
                terminalId,
                idempotencyKey,
                status,
                contentType,
                bytes,
                terminalTransaction.ResourceId,
                time.GetUtcNow(),
                CancellationToken.None
            );
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
            await RecordNonceQuietlyAsync(connection, nonceUse);
        }

        captured.Position = 0;
        await captured.CopyToAsync(context.Response.Body, ct);
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

    /// <summary>
    /// After a rollback the nonce went with it: record it on its own so the signed request cannot be
    /// replayed. Best effort: a broken connection has lost it, and then the request changed nothing,
    /// so a replay can do no more than the terminal's own retry would.
    /// </summary>
    private static async Task RecordNonceQuietlyAsync(NpgsqlConnection connection, NonceUse use)
    {
        try
        {
            await TerminalStore.TryUseNonceAsync(
                connection,
                use.TerminalId,
                use.Nonce,
                use.KeepUntil,
                CancellationToken.None
            );
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The original outcome is the one to report.
        }
    }

    private sealed record NonceUse(string TerminalId, string Nonce, DateTimeOffset KeepUntil);

    /// <summary>Reads at most <see cref="MaxBodyBytes"/> and rewinds, so model binding reads the same bytes; null when
    /// larger.</summary>
    private static async Task<MemoryStream?> BufferBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        request.Body = buffer;
        return buffer;
    }

    /// <summary>The path and query exactly as on the request line, not decoded or normalised (the signature covers
    /// these bytes).</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : context.Request.PathBase + context.Request.Path + context.Request.QueryString;

    private Task RefuseRateLimitedAsync(HttpContext context, int retryAfterSeconds)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return RefuseAsync(context, 429, "rate_limited", $"Too many requests; retry after {retryAfterSeconds} s.");
    }

    private async Task RefuseAsync(HttpContext context, int status, string code, string detail, string? field = null)
    {
        context.Response.StatusCode = status;
        var problem = ProblemDetailsExceptionHandler.Make(status, code, detail, field);
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{16,64}\\z")]
    private static partial System.Text.RegularExpressions.Regex NoncePattern();
}
