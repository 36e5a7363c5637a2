using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace LoveCard.Terminal;

/// <summary>
/// Sends one logical request of the terminal protocol and resends it when its answer was lost: the same
/// body bytes and Idempotency-Key every time, signed afresh per attempt, with bounded exponential backoff
/// (see <see cref="TerminalClient"/> for the rules). Keeps the terminal's idea of server time, which
/// signatures carry and a <c>timestamp_skew</c> answer corrects.
/// </summary>
internal sealed class TerminalTransport(HttpClient http, TerminalClientOptions options)
{
    private long _clockOffsetTicks;

    public TerminalSigner? Signer { get; set; }

    public TimeSpan ClockOffset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));
        set => Interlocked.Exchange(ref _clockOffsetTicks, value.Ticks);
    }

    public DateTimeOffset Now => options.Time.GetLocalNow() + ClockOffset;

    public async Task<TerminalResponse> SendAsync(
        HttpMethod method,
        string target,
        byte[]? body,
        string? idempotencyKey,
        bool signed,
        RetryPolicy retry,
        CancellationToken ct
    )
    {
        if (!target.StartsWith('/'))
        {
            throw new ArgumentException(
                "The target is a path starting with '/', e.g. /terminal/v1/catalog.",
                nameof(target)
            );
        }

        var uri = new Uri(
            options.ServerUrl.GetLeftPart(UriPartial.Authority) + options.ServerUrl.AbsolutePath.TrimEnd('/') + target
        );
        // Sign what goes on the request line: HttpClient sends Uri.PathAndQuery, and the server
        // verifies against the raw target, so signing the string we were given could differ if Uri
        // escaped something in it.
        var requestTarget = uri.PathAndQuery;
        var maxAttempts = retry == RetryPolicy.None ? 1 : Math.Max(1, options.MaxAttempts);
        string? retryReason = null;
        Exception? lastError = null;
        HttpStatusCode? lastStatus = null;
        var resynced = false;
        var nonceResent = false;

        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json")
                {
                    CharSet = "utf-8",
                };
            }

            if (idempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation(TerminalSigner.IdempotencyKeyHeader, idempotencyKey);
            }

            SignedHeaders? signature = null;
            if (signed)
            {
                var signer = Signer
                    ?? throw new InvalidOperationException(
                        "The terminal has no key: activate it or load its key file first."
                    );
                signature = signer.Sign(method.Method, requestTarget, body ?? [], idempotencyKey, Now);
                signature.ApplyTo(request);
            }

            options.OnAttempt?.Invoke(
                new TerminalAttempt(attempt, method.Method, requestTarget, idempotencyKey, retryReason, signature)
            );

            TimeSpan? wait = null;
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptTimeout.CancelAfter(options.AttemptTimeout);
            try
            {
                using var response = await http.SendAsync(
                    request,
                    HttpCompletionOption.ResponseContentRead,
                    attemptTimeout.Token
                );
                var bytes = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token);
                var answer = new TerminalResponse(
                    response.StatusCode,
                    bytes,
                    response.Content.Headers.ContentType?.MediaType,
                    response.Headers.TryGetValues(TerminalClient.ReplayedHeader, out var replayed)
                        && replayed.Contains("true", StringComparer.OrdinalIgnoreCase),
                    attempt,
                    idempotencyKey
                );
                lastStatus = response.StatusCode;
                lastError = null;

                if ((int)response.StatusCode >= 500)
                {
                    // 5xx answers are not kept by the server (protocol "Idempotency"): a resend runs afresh.
                    // The last one is returned, so the caller sees its problem code (e.g. database_unavailable).
                    if (attempt == maxAttempts)
                    {
                        return answer;
                    }

                    retryReason = $"{(int)response.StatusCode} {answer.TryReadProblem()?.Code}".TrimEnd();
                }
                else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = RetryAfter(response);
                    if (retryAfter is null || retryAfter > options.MaxRetryAfter || attempt == maxAttempts)
                    {
                        return answer;
                    }

                    retryReason = "429 rate_limited";
                    wait = retryAfter;
                }
                else if (
                    response.StatusCode == HttpStatusCode.Unauthorized
                    && !resynced
                    && signed
                    && response.Headers.TryGetValues(TerminalClient.ServerTimeHeader, out var serverTimes)
                    && long.TryParse(
                        serverTimes.FirstOrDefault(),
                        NumberStyles.Integer,
                        CultureInfo.InvariantCulture,
                        out var serverUnix
                    )
                    && answer.TryReadProblem()?.Code == "timestamp_skew"
                )
                {
                    // Our clock is off by more than 300 s: take the server's hint once and resign.
                    resynced = true;
                    ClockOffset = DateTimeOffset.FromUnixTimeSeconds(serverUnix) - options.Time.GetUtcNow();
                    retryReason = "401 timestamp_skew (clock corrected)";
                    maxAttempts = Math.Max(maxAttempts, attempt + 1);
                    wait = TimeSpan.Zero;
                }
                else if (
                    response.StatusCode == HttpStatusCode.Unauthorized
                    && !nonceResent
                    && signed
                    && answer.TryReadProblem()?.Code == "nonce_replayed"
                )
                {
                    // Every attempt carries a fresh nonce, so the server can only have seen this one
                    // from an earlier copy of this very send: HttpClient re-sends a request by itself
                    // when a pooled connection dies before any answer arrives. That copy's answer was
                    // lost; sign afresh and send again under the same idempotency key.
                    nonceResent = true;
                    retryReason = "401 nonce_replayed (our own copy arrived first)";
                    maxAttempts = Math.Max(maxAttempts, attempt + 1);
                    wait = TimeSpan.Zero;
                    continue;
                }
                else
                {
                    return answer;
                }

                if (
                    retry == RetryPolicy.UndeliveredOnly
                    && response.StatusCode != HttpStatusCode.TooManyRequests
                    && (int)response.StatusCode < 500
                )
                {
                    return answer;
                }
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                // Our per-attempt timeout (or HttpClient.Timeout) fired: the answer is lost, not refused.
                if (retry == RetryPolicy.UndeliveredOnly)
                {
                    throw new TerminalUnreachableException(requestTarget, idempotencyKey, attempt, e, null);
                }

                lastError = e;
                lastStatus = null;
                retryReason = "timeout";
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                // Refused or reset connections. Only a failure to connect proves the request never arrived.
                if (retry == RetryPolicy.UndeliveredOnly && e.HttpRequestError != HttpRequestError.ConnectionError)
                {
                    throw new TerminalUnreachableException(requestTarget, idempotencyKey, attempt, e, null);
                }

                lastError = e;
                lastStatus = null;
                retryReason = $"connection error ({e.HttpRequestError})";
            }

            if (attempt < maxAttempts)
            {
                await Task.Delay(wait ?? Backoff(attempt), options.Time, ct);
            }
        }

        throw new TerminalUnreachableException(requestTarget, idempotencyKey, maxAttempts, lastError, lastStatus);
    }

    /// <summary>Exponential backoff with up to 25 % jitter, so terminals that lost the server together do not return
    /// together.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var baseDelay = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = baseDelay * (1 + Random.Shared.NextDouble() * 0.25);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxBackoff.TotalMilliseconds));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date
            ? TimeSpan.FromTicks(Math.Max(0, (date - options.Time.GetUtcNow()).Ticks))
            : null;
    }
}
