using System.Globalization;
using System.Net;

namespace LoveCard.Terminal;

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
    private readonly TerminalTransport _transport;
    private readonly bool _ownsHttp;

    public TerminalClient(
        HttpClient http,
        TerminalClientOptions? options = null,
        TerminalCredentials? credentials = null
    )
    {
        _http = http;
        Options = options ?? new TerminalClientOptions();
        _transport = new TerminalTransport(http, Options);
        if (credentials is not null)
        {
            UseCredentials(credentials);
        }
    }

    /// <summary>A client with its own <see cref="HttpClient"/> (disposed with the client).</summary>
    public static TerminalClient Create(TerminalClientOptions options, TerminalCredentials? credentials = null) =>
        new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, options, credentials, ownsHttp: true);

    private TerminalClient(
        HttpClient http,
        TerminalClientOptions options,
        TerminalCredentials? credentials,
        bool ownsHttp
    )
        : this(http, options, credentials) => _ownsHttp = ownsHttp;

    public TerminalClientOptions Options { get; }

    public TerminalCredentials? Credentials { get; private set; }

    /// <summary>Server time minus this machine's clock, learned from <c>GET /terminal/v1/time</c> or a
    /// <c>timestamp_skew</c> answer.</summary>
    public TimeSpan ClockOffset
    {
        get => _transport.ClockOffset;
        set => _transport.ClockOffset = value;
    }

    /// <summary>This terminal's idea of server time: the local clock corrected by <see cref="ClockOffset"/>.</summary>
    public DateTimeOffset Now => _transport.Now;

    public void UseCredentials(TerminalCredentials credentials)
    {
        Credentials = credentials;
        _transport.Signer = new TerminalSigner(credentials.TerminalId, credentials.KeyBytes());
    }

    /// <summary>A new Idempotency-Key (1 to 64 characters): 32 hex characters of a random GUID.</summary>
    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    // ---- the protocol's endpoints -------------------------------------------------------------

    /// <summary>
    /// <c>POST /terminal/v1/activation</c>, unsigned. The key is answered once, so it is saved to
    /// <see cref="TerminalClientOptions.KeyFilePath"/> before this returns. Not resent after a timeout:
    /// a code is single-use, so a resend of a request that did arrive would only get <c>409 activation_code_used</c>.
    /// </summary>
    public async Task<TerminalCredentials> ActivateAsync(
        string terminalId,
        string activationCode,
        CancellationToken ct = default
    )
    {
        var body = ProtocolJson.Serialize(new ActivationRequest(terminalId, activationCode));
        var response = await SendAsync(
            HttpMethod.Post,
            "/terminal/v1/activation",
            body,
            idempotencyKey: null,
            signed: false,
            RetryPolicy.UndeliveredOnly,
            ct
        );
        var answer = response.Read<ActivationAnswer>();
        var credentials = new TerminalCredentials(
            terminalId,
            answer.Key,
            answer.KeyVersion,
            Options.ServerUrl.ToString(),
            Options.Time.GetUtcNow()
        );
        if (Options.KeyFilePath is { } path)
        {
            TerminalKeyFile.Save(path, credentials);
        }

        UseCredentials(credentials);
        return credentials;
    }

    /// <summary><c>GET /terminal/v1/time</c> (unsigned, so a terminal with a wrong clock can still read it); sets
    /// <see cref="ClockOffset"/>.</summary>
    public async Task<TimeAnswer> SyncClockAsync(CancellationToken ct = default)
    {
        var before = Options.Time.GetUtcNow();
        var answer = (
            await SendAsync(HttpMethod.Get, "/terminal/v1/time", null, null, signed: false, RetryPolicy.LostAnswers, ct)
        ).Read<TimeAnswer>();
        var after = Options.Time.GetUtcNow();
        // The server read its clock somewhere during the round trip: assume the middle.
        ClockOffset = answer.ServerTime - (before + (after - before) / 2);
        return answer;
    }

    public async Task<CatalogAnswer> GetCatalogAsync(CancellationToken ct = default) =>
        (await GetAsync("/terminal/v1/catalog", ct)).Read<CatalogAnswer>();

    /// <summary><c>POST /terminal/v1/inquiries</c>: records nothing, so it carries no Idempotency-Key.</summary>
    public async Task<InquiryAnswer> InquireAsync(InquiryRequest request, CancellationToken ct = default) =>
        (
            await SendAsync(
                HttpMethod.Post,
                "/terminal/v1/inquiries",
                ProtocolJson.Serialize(request),
                null,
                signed: true,
                RetryPolicy.LostAnswers,
                ct
            )
        ).Read<InquiryAnswer>();

    /// <summary>
    /// <c>POST /terminal/v1/purchases</c>. Approved and declined both return normally (check
    /// <see cref="PurchaseAnswer.Status"/>); problems throw <see cref="TerminalProblemException"/>; no
    /// answer after every attempt throws <see cref="TerminalUnreachableException"/> carrying the key to
    /// look the purchase up with. <c>occurredAt</c> defaults to now, fixed in the body before the first send.
    /// </summary>
    public async Task<PurchaseAnswer> PurchaseAsync(
        PurchaseRequest request,
        string? idempotencyKey = null,
        CancellationToken ct = default
    )
    {
        var body = ProtocolJson.Serialize(request with { OccurredAt = request.OccurredAt ?? TruncateToSeconds(Now) });
        return (await PostIdempotentAsync("/terminal/v1/purchases", body, idempotencyKey, ct)).Read<PurchaseAnswer>();
    }

    public async Task<PurchaseView> GetPurchaseAsync(Guid purchaseId, CancellationToken ct = default) =>
        (await GetAsync($"/terminal/v1/purchases/{purchaseId}", ct)).Read<PurchaseView>();

    /// <summary><c>GET /terminal/v1/purchases?idempotencyKey=…</c>: what became of a purchase whose answer was lost;
    /// null if nothing was recorded under the key.</summary>
    public async Task<PurchaseView?> FindPurchaseAsync(string idempotencyKey, CancellationToken ct = default)
    {
        var response = await GetAsync(
            $"/terminal/v1/purchases?idempotencyKey={Uri.EscapeDataString(idempotencyKey)}",
            ct
        );
        return response.Status == HttpStatusCode.NotFound ? null : response.Read<PurchaseView>();
    }

    /// <summary><c>POST /terminal/v1/purchases/{id}/void</c>: only on the Asia/Shanghai day it was booked.</summary>
    public async Task<PurchaseView> VoidAsync(
        Guid purchaseId,
        string? reason = null,
        string? idempotencyKey = null,
        CancellationToken ct = default
    ) =>
        (
            await PostIdempotentAsync(
                $"/terminal/v1/purchases/{purchaseId}/void",
                ProtocolJson.Serialize(new VoidRequest(reason)),
                idempotencyKey,
                ct
            )
        ).Read<PurchaseView>();

    /// <summary><c>POST /terminal/v1/purchases/{id}/refunds</c>: part or all of a purchase, later.</summary>
    public async Task<RefundAnswer> RefundAsync(
        Guid purchaseId,
        long amountFen,
        string? reason = null,
        string? idempotencyKey = null,
        CancellationToken ct = default
    ) =>
        (
            await PostIdempotentAsync(
                $"/terminal/v1/purchases/{purchaseId}/refunds",
                ProtocolJson.Serialize(new RefundRequest(amountFen, reason)),
                idempotencyKey,
                ct
            )
        ).Read<RefundAnswer>();

    /// <summary>
    /// <c>POST /terminal/v1/visits</c> (version 1.1): checks in at the elder's home. Open and refused both return
    /// normally (check <see cref="VisitAnswer.Status"/>); resent like a purchase, with the same key and bytes.
    /// </summary>
    public async Task<VisitAnswer> CheckInAsync(
        VisitCheckInRequest request,
        string? idempotencyKey = null,
        CancellationToken ct = default
    )
    {
        var body = ProtocolJson.Serialize(request with { OccurredAt = request.OccurredAt ?? TruncateToSeconds(Now) });
        return (await PostIdempotentAsync("/terminal/v1/visits", body, idempotencyKey, ct)).Read<VisitAnswer>();
    }

    /// <summary><c>POST /terminal/v1/visits/{id}/check-out</c> (version 1.1): the visit with its verdict.</summary>
    public async Task<VisitAnswer> CheckOutAsync(
        Guid visitId,
        VisitCheckOutRequest request,
        string? idempotencyKey = null,
        CancellationToken ct = default
    )
    {
        var body = ProtocolJson.Serialize(request with { OccurredAt = request.OccurredAt ?? TruncateToSeconds(Now) });
        var target = $"/terminal/v1/visits/{visitId}/check-out";
        return (await PostIdempotentAsync(target, body, idempotencyKey, ct)).Read<VisitAnswer>();
    }

    public async Task<VisitAnswer> GetVisitAsync(Guid visitId, CancellationToken ct = default) =>
        (await GetAsync($"/terminal/v1/visits/{visitId}", ct)).Read<VisitAnswer>();

    public async Task<OrderList> GetPendingOrdersAsync(
        int? page = null,
        int? pageSize = null,
        CancellationToken ct = default
    )
    {
        var target =
            "/terminal/v1/orders?status=pending"
            + (page is { } p ? $"&page={p.ToString(CultureInfo.InvariantCulture)}" : "")
            + (pageSize is { } s ? $"&pageSize={s.ToString(CultureInfo.InvariantCulture)}" : "");
        return (await GetAsync(target, ct)).Read<OrderList>();
    }

    /// <summary><c>GET /terminal/v1/totals?date=…</c>; without a date, the server's today (Asia/Shanghai).</summary>
    public async Task<TotalsAnswer> GetTotalsAsync(DateOnly? date = null, CancellationToken ct = default)
    {
        var target = date is { } d
            ? $"/terminal/v1/totals?date={d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : "/terminal/v1/totals";
        return (await GetAsync(target, ct)).Read<TotalsAnswer>();
    }

    // ---- sending ------------------------------------------------------------------------------

    /// <summary>A signed GET; safe to resend, so lost answers are retried.</summary>
    public Task<TerminalResponse> GetAsync(string target, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, target, null, null, signed: true, RetryPolicy.LostAnswers, ct);

    /// <summary>A signed POST with an Idempotency-Key (a new one unless given); retries resend the same key and
    /// bytes.</summary>
    public Task<TerminalResponse> PostIdempotentAsync(
        string target,
        byte[] body,
        string? idempotencyKey = null,
        CancellationToken ct = default
    ) =>
        SendAsync(
            HttpMethod.Post,
            target,
            body,
            idempotencyKey ?? NewIdempotencyKey(),
            signed: true,
            RetryPolicy.LostAnswers,
            ct
        );

    /// <summary>
    /// Sends one logical request, resending it per <paramref name="retry"/>. <paramref name="body"/> is
    /// sent as is on every attempt (the same bytes); each attempt is signed afresh. Returns the first
    /// answer that is not retried, 2xx or not; throws <see cref="TerminalUnreachableException"/> when
    /// every attempt was lost.
    /// </summary>
    public Task<TerminalResponse> SendAsync(
        HttpMethod method,
        string target,
        byte[]? body,
        string? idempotencyKey,
        bool signed,
        RetryPolicy retry,
        CancellationToken ct = default
    ) => _transport.SendAsync(method, target, body, idempotencyKey, signed, retry, ct);

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
