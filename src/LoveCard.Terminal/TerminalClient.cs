using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LoveCard.Terminal;

public sealed class TerminalClientOptions
{
    public const string DefaultServerUrl = "http://127.0.0.1:5104";

    /// <summary>The settlement service; a path prefix (a reverse proxy's) is kept and signed as part of the target.</summary>
    public Uri ServerUrl { get; set; } = new(DefaultServerUrl);

    /// <summary>Where <see cref="TerminalClient.ActivateAsync"/> saves the key; null keeps it in memory only.</summary>
    public string? KeyFilePath { get; set; }

    /// <summary>Sends of one request, the first included. Bounded: a terminal must not hammer a struggling server.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the second send; doubled per attempt (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one send may take before it counts as a lost answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one ends the attempts (the caller decides).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Called before every send, e.g. to log retries or count them in a benchmark.</summary>
    public Action<TerminalAttempt>? OnAttempt { get; set; }
}

/// <summary>One send of a request: which attempt, why it is being retried (null for the first), and its signature.</summary>
public sealed record TerminalAttempt(int Number, string Method, string Target, string? IdempotencyKey, string? RetryReason, SignedHeaders? Signature);

/// <summary>An answer as received: status, the raw body bytes, whether the server replayed a kept answer.</summary>
public sealed record TerminalResponse(HttpStatusCode Status, byte[] Body, string? ContentType, bool Replayed, int Attempts, string? IdempotencyKey)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body as <typeparamref name="T"/>, or a <see cref="TerminalProblemException"/> for a non-2xx answer.</summary>
    public T Read<T>()
    {
        EnsureSuccess();
        return ProtocolJson.Deserialize<T>(Body);
    }

    public void EnsureSuccess()
    {
        if (!IsSuccess)
        {
            throw new TerminalProblemException(Status, TryReadProblem(), System.Text.Encoding.UTF8.GetString(Body));
        }
    }

    public Problem? TryReadProblem()
    {
        try
        {
            return Body.Length == 0 ? null : JsonSerializer.Deserialize<Problem>(Body, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The terminal's side of TERMINAL-PROTOCOL.md over an <see cref="HttpClient"/>: activation, signed
/// requests, Idempotency-Key on the POSTs that need one, and retries of lost answers.
/// <para>
/// Retries (protocol "Idempotency"): a send that timed out, failed to connect or got a 5xx is sent
/// again with the SAME Idempotency-Key and the SAME body bytes, signed afresh (new nonce and
/// timestamp), a bounded number of times with exponential backoff. A 429 waits for its Retry-After.
/// Nothing else is retried, and a request is never resent under a new key: that could buy twice.
/// </para>
/// Thread-safe: one client can serve many concurrent requests (the load benchmark does).
/// </summary>
public sealed class TerminalClient : IDisposable
{
    public const string ServerTimeHeader = "X-LoveCard-Server-Time";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private TerminalSigner? _signer;
    private long _clockOffsetTicks;

    public TerminalClient(HttpClient http, TerminalClientOptions? options = null, TerminalCredentials? credentials = null)
    {
        _http = http;
        Options = options ?? new TerminalClientOptions();
        if (credentials is not null)
        {
            UseCredentials(credentials);
        }
    }

    /// <summary>A client with its own <see cref="HttpClient"/> (disposed with the client).</summary>
    public static TerminalClient Create(TerminalClientOptions options, TerminalCredentials? credentials = null) =>
        new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, options, credentials, ownsHttp: true);

    private TerminalClient(HttpClient http, TerminalClientOptions options, TerminalCredentials? credentials, bool ownsHttp)
        : this(http, options, credentials) => _ownsHttp = ownsHttp;

    public TerminalClientOptions Options { get; }

    public TerminalCredentials? Credentials { get; private set; }

    /// <summary>Server time minus this machine's clock, learned from <c>GET /terminal/v1/time</c> or a <c>timestamp_skew</c> answer.</summary>
    public TimeSpan ClockOffset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));
        set => Interlocked.Exchange(ref _clockOffsetTicks, value.Ticks);
    }

    /// <summary>This terminal's idea of server time: the local clock corrected by <see cref="ClockOffset"/>.</summary>
    public DateTimeOffset Now => Options.Time.GetLocalNow() + ClockOffset;

    public void UseCredentials(TerminalCredentials credentials)
    {
        Credentials = credentials;
        _signer = new TerminalSigner(credentials.TerminalId, credentials.KeyBytes());
    }

    /// <summary>A new Idempotency-Key (1 to 64 characters): 32 hex characters of a random GUID.</summary>
    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    // ---- the protocol's endpoints -------------------------------------------------------------

    /// <summary>
    /// <c>POST /terminal/v1/activation</c>, unsigned. The key is answered once, so it is saved to
    /// <see cref="TerminalClientOptions.KeyFilePath"/> before this returns. Not resent after a timeout:
    /// a code is single-use, so a resend of a request that did arrive would only get <c>409 activation_code_used</c>.
    /// </summary>
    public async Task<TerminalCredentials> ActivateAsync(string terminalId, string activationCode, CancellationToken ct = default)
    {
        var body = ProtocolJson.Serialize(new ActivationRequest(terminalId, activationCode));
        var response = await SendAsync(HttpMethod.Post, "/terminal/v1/activation", body, idempotencyKey: null, signed: false, RetryPolicy.UndeliveredOnly, ct);
        var answer = response.Read<ActivationAnswer>();
        var credentials = new TerminalCredentials(terminalId, answer.Key, answer.KeyVersion, Options.ServerUrl.ToString(), Options.Time.GetUtcNow());
        if (Options.KeyFilePath is { } path)
        {
            TerminalKeyFile.Save(path, credentials);
        }

        UseCredentials(credentials);
        return credentials;
    }

    /// <summary><c>GET /terminal/v1/time</c> (unsigned, so a terminal with a wrong clock can still read it); sets <see cref="ClockOffset"/>.</summary>
    public async Task<TimeAnswer> SyncClockAsync(CancellationToken ct = default)
    {
        var before = Options.Time.GetUtcNow();
        var answer = (await SendAsync(HttpMethod.Get, "/terminal/v1/time", null, null, signed: false, RetryPolicy.LostAnswers, ct)).Read<TimeAnswer>();
        var after = Options.Time.GetUtcNow();
        // The server read its clock somewhere during the round trip: assume the middle.
        ClockOffset = answer.ServerTime - (before + (after - before) / 2);
        return answer;
    }

    public async Task<CatalogAnswer> GetCatalogAsync(CancellationToken ct = default) =>
        (await GetAsync("/terminal/v1/catalog", ct)).Read<CatalogAnswer>();

    /// <summary><c>POST /terminal/v1/inquiries</c>: records nothing, so it carries no Idempotency-Key.</summary>
    public async Task<InquiryAnswer> InquireAsync(InquiryRequest request, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Post, "/terminal/v1/inquiries", ProtocolJson.Serialize(request), null, signed: true, RetryPolicy.LostAnswers, ct)).Read<InquiryAnswer>();

    /// <summary>
    /// <c>POST /terminal/v1/purchases</c>. Approved and declined both return normally (check
    /// <see cref="PurchaseAnswer.Status"/>); problems throw <see cref="TerminalProblemException"/>; no
    /// answer after every attempt throws <see cref="TerminalUnreachableException"/> carrying the key to
    /// look the purchase up with. <c>occurredAt</c> defaults to now, fixed in the body before the first send.
    /// </summary>
    public async Task<PurchaseAnswer> PurchaseAsync(PurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var body = ProtocolJson.Serialize(request with { OccurredAt = request.OccurredAt ?? TruncateToSeconds(Now) });
        return (await PostIdempotentAsync("/terminal/v1/purchases", body, idempotencyKey, ct)).Read<PurchaseAnswer>();
    }

    public async Task<PurchaseView> GetPurchaseAsync(Guid purchaseId, CancellationToken ct = default) =>
        (await GetAsync($"/terminal/v1/purchases/{purchaseId}", ct)).Read<PurchaseView>();

    /// <summary><c>GET /terminal/v1/purchases?idempotencyKey=…</c>: what became of a purchase whose answer was lost; null if nothing was recorded under the key.</summary>
    public async Task<PurchaseView?> FindPurchaseAsync(string idempotencyKey, CancellationToken ct = default)
    {
        var response = await GetAsync($"/terminal/v1/purchases?idempotencyKey={Uri.EscapeDataString(idempotencyKey)}", ct);
        return response.Status == HttpStatusCode.NotFound ? null : response.Read<PurchaseView>();
    }

    /// <summary><c>POST /terminal/v1/purchases/{id}/void</c>: only on the Asia/Shanghai day it was booked.</summary>
    public async Task<PurchaseView> VoidAsync(Guid purchaseId, string? reason = null, string? idempotencyKey = null, CancellationToken ct = default) =>
        (await PostIdempotentAsync($"/terminal/v1/purchases/{purchaseId}/void", ProtocolJson.Serialize(new VoidRequest(reason)), idempotencyKey, ct)).Read<PurchaseView>();

    /// <summary><c>POST /terminal/v1/purchases/{id}/refunds</c>: part or all of a purchase, later.</summary>
    public async Task<RefundAnswer> RefundAsync(Guid purchaseId, long amountFen, string? reason = null, string? idempotencyKey = null, CancellationToken ct = default) =>
        (await PostIdempotentAsync($"/terminal/v1/purchases/{purchaseId}/refunds", ProtocolJson.Serialize(new RefundRequest(amountFen, reason)), idempotencyKey, ct)).Read<RefundAnswer>();

    public async Task<OrderList> GetPendingOrdersAsync(int? page = null, int? pageSize = null, CancellationToken ct = default)
    {
        var target = "/terminal/v1/orders?status=pending"
            + (page is { } p ? $"&page={p.ToString(CultureInfo.InvariantCulture)}" : "")
            + (pageSize is { } s ? $"&pageSize={s.ToString(CultureInfo.InvariantCulture)}" : "");
        return (await GetAsync(target, ct)).Read<OrderList>();
    }

    /// <summary><c>GET /terminal/v1/totals?date=…</c>; without a date, the server's today (Asia/Shanghai).</summary>
    public async Task<TotalsAnswer> GetTotalsAsync(DateOnly? date = null, CancellationToken ct = default)
    {
        var target = date is { } d ? $"/terminal/v1/totals?date={d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "/terminal/v1/totals";
        return (await GetAsync(target, ct)).Read<TotalsAnswer>();
    }

    // ---- sending ------------------------------------------------------------------------------

    /// <summary>A signed GET; safe to resend, so lost answers are retried.</summary>
    public Task<TerminalResponse> GetAsync(string target, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, target, null, null, signed: true, RetryPolicy.LostAnswers, ct);

    /// <summary>A signed POST with an Idempotency-Key (a new one unless given); retries resend the same key and bytes.</summary>
    public Task<TerminalResponse> PostIdempotentAsync(string target, byte[] body, string? idempotencyKey = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, target, body, idempotencyKey ?? NewIdempotencyKey(), signed: true, RetryPolicy.LostAnswers, ct);

    /// <summary>
    /// Sends one logical request, resending it per <paramref name="retry"/>. <paramref name="body"/> is
    /// sent as is on every attempt (the same bytes); each attempt is signed afresh. Returns the first
    /// answer that is not retried, 2xx or not; throws <see cref="TerminalUnreachableException"/> when
    /// every attempt was lost.
    /// </summary>
    public async Task<TerminalResponse> SendAsync(HttpMethod method, string target, byte[]? body, string? idempotencyKey, bool signed, RetryPolicy retry, CancellationToken ct = default)
    {
        if (!target.StartsWith('/'))
        {
            throw new ArgumentException("The target is a path starting with '/', e.g. /terminal/v1/catalog.", nameof(target));
        }

        var uri = new Uri(Options.ServerUrl.GetLeftPart(UriPartial.Authority) + Options.ServerUrl.AbsolutePath.TrimEnd('/') + target);
        // Sign what goes on the request line: HttpClient sends Uri.PathAndQuery, and the server
        // verifies against the raw target, so signing the string we were given could differ if Uri
        // escaped something in it.
        var requestTarget = uri.PathAndQuery;
        var maxAttempts = retry == RetryPolicy.None ? 1 : Math.Max(1, Options.MaxAttempts);
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
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }

            if (idempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation(TerminalSigner.IdempotencyKeyHeader, idempotencyKey);
            }

            SignedHeaders? signature = null;
            if (signed)
            {
                var signer = _signer ?? throw new InvalidOperationException("The terminal has no key: activate it or load its key file first.");
                signature = signer.Sign(method.Method, requestTarget, body ?? [], idempotencyKey, Now);
                signature.ApplyTo(request);
            }

            Options.OnAttempt?.Invoke(new TerminalAttempt(attempt, method.Method, requestTarget, idempotencyKey, retryReason, signature));

            TimeSpan? wait = null;
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptTimeout.CancelAfter(Options.AttemptTimeout);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token);
                var bytes = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token);
                var answer = new TerminalResponse(
                    response.StatusCode,
                    bytes,
                    response.Content.Headers.ContentType?.MediaType,
                    response.Headers.TryGetValues(ReplayedHeader, out var replayed) && replayed.Contains("true", StringComparer.OrdinalIgnoreCase),
                    attempt,
                    idempotencyKey);
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
                    if (retryAfter is null || retryAfter > Options.MaxRetryAfter || attempt == maxAttempts)
                    {
                        return answer;
                    }

                    retryReason = "429 rate_limited";
                    wait = retryAfter;
                }
                else if (response.StatusCode == HttpStatusCode.Unauthorized && !resynced && signed
                    && response.Headers.TryGetValues(ServerTimeHeader, out var serverTimes)
                    && long.TryParse(serverTimes.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var serverUnix)
                    && answer.TryReadProblem()?.Code == "timestamp_skew")
                {
                    // Our clock is off by more than 300 s: take the server's hint once and resign.
                    resynced = true;
                    ClockOffset = DateTimeOffset.FromUnixTimeSeconds(serverUnix) - Options.Time.GetUtcNow();
                    retryReason = "401 timestamp_skew (clock corrected)";
                    maxAttempts = Math.Max(maxAttempts, attempt + 1);
                    wait = TimeSpan.Zero;
                }
                else if (response.StatusCode == HttpStatusCode.Unauthorized && !nonceResent && signed
                    && answer.TryReadProblem()?.Code == "nonce_replayed")
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

                if (retry == RetryPolicy.UndeliveredOnly && response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
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
                await Task.Delay(wait ?? Backoff(attempt), Options.Time, ct);
            }
        }

        throw new TerminalUnreachableException(requestTarget, idempotencyKey, maxAttempts, lastError, lastStatus);
    }

    /// <summary>Exponential backoff with up to 25 % jitter, so terminals that lost the server together do not return together.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var baseDelay = Options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = baseDelay * (1 + Random.Shared.NextDouble() * 0.25);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, Options.MaxBackoff.TotalMilliseconds));
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

        return header.Date is { } date ? TimeSpan.FromTicks(Math.Max(0, (date - Options.Time.GetUtcNow()).Ticks)) : null;
    }

    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}

/// <summary>Which lost answers a request may be resent after.</summary>
public enum RetryPolicy
{
    /// <summary>Send once.</summary>
    None,

    /// <summary>Timeouts, connection errors, 5xx and 429: for signed requests, which are idempotent or read-only.</summary>
    LostAnswers,

    /// <summary>Only when the request surely did not act: a failed connect, a 5xx, a 429 (activation codes are single-use).</summary>
    UndeliveredOnly,
}
