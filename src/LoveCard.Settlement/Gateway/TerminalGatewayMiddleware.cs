using System.Buffers;
using System.Globalization;
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
    TerminalRefusals refuse,
    TerminalIdempotentRequest idempotent
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
            await refuse.RefuseAsync(context, 413, "body_too_large", $"The body is larger than {MaxBodyBytes} bytes.");
            return;
        }

        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<UnsignedTerminalEndpoint>() is not null)
        {
            // Unsigned endpoints answer anyone, so they are limited per client address instead.
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (limits.TryUnsigned(address, context.Response) is { } wait)
            {
                await refuse.RateLimitedAsync(context, wait);
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
            await refuse.RefuseAsync(
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
            await refuse.RefuseAsync(
                context,
                401,
                "signature_invalid",
                "The timestamp, nonce or signature is malformed."
            );
            return;
        }

        // Before the look-up, so forged requests (finding S-7) stop costing database work once they
        // have spent the failures allowed to the terminal id they claim or to their address.
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (limits.TryBeforeLookup(terminalId, client) is { } backOff)
        {
            await refuse.RateLimitedAsync(context, backOff);
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // An idempotent request reads its terminal inside the transaction that claims its key (no round trip: BEGIN
        // goes with the read), so the read is not a commit of its own; a refusal rolls it back with the connection.
        var idempotentEndpoint = endpoint?.Metadata.GetMetadata<IdempotentTerminalEndpoint>() is not null;
        var transaction = idempotentEndpoint ? await connection.BeginTransactionAsync(ct) : null;
        var terminal = await TerminalStore.FindAsync(connection, terminalId, ct);
        if (terminal is null || terminal.KeyVersion == 0 || terminal.MasterKeyId is null)
        {
            limits.RecordFailure(terminalId, client);
            await refuse.RefuseAsync(
                context,
                401,
                "terminal_unknown",
                "This terminal is not registered or not activated."
            );
            return;
        }

        if (terminal.IsDisabled)
        {
            limits.RecordFailure(terminalId, client);
            await refuse.RefuseAsync(context, 401, "terminal_disabled", "This terminal has been disabled.");
            return;
        }

        var now = time.GetUtcNow();
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > MaxClockSkewSeconds)
        {
            limits.RecordFailure(terminalId, client);
            context.Response.Headers["X-LoveCard-Server-Time"] = now.ToUnixTimeSeconds()
                .ToString(CultureInfo.InvariantCulture);
            await refuse.RefuseAsync(
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
        var key = keys.For(terminal.MasterKeyId, terminalId, terminal.KeyVersion);
        if (
            key is null
            || !TerminalSignature.Verify(
                key,
                signature,
                context.Request.Method,
                target,
                terminalId,
                timestampText,
                nonce,
                idempotencyKey,
                bodySha256
            )
        )
        {
            limits.RecordFailure(terminalId, client);
            await refuse.RefuseAsync(
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
            await refuse.RateLimitedAsync(context, retryAfter);
            return;
        }

        var nonceUse = new NonceUse(
            terminalId,
            nonce,
            DateTimeOffset.FromUnixTimeSeconds(timestamp + NonceRetentionSeconds)
        );
        context.Features.Set(new TerminalIdentity(terminalId, terminal.ProviderId, terminal.County ?? ""));
        if (transaction is null)
        {
            if (!await nonceUse.TryRecordAsync(connection, ct))
            {
                await refuse.NonceReplayedAsync(context);
                return;
            }

            await connection.DisposeAsync();
            await next(context);
            return;
        }

        await using (transaction)
        {
            await idempotent.RunAsync(
                context,
                next,
                connection,
                transaction,
                nonceUse,
                idempotencyKey,
                target,
                bodySha256,
                now,
                ct
            );
        }
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/> and rewinds, so model binding reads the same bytes; null when
    /// larger.</summary>
    private static async Task<MemoryStream?> BufferBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        // A pooled chunk: a new 4 KiB array per request was a good part of what a purchase allocated.
        var chunk = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, 4096), ct)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
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

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{16,64}\\z")]
    private static partial System.Text.RegularExpressions.Regex NoncePattern();
}
