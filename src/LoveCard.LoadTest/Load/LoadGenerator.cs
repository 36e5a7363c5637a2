using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LoveCard.LoadTest.Common;
using LoveCard.Terminal;

namespace LoveCard.LoadTest.Load;

/// <summary>
/// The purchase load generator (R1, R3): many terminals, each with its own id and key, signing every
/// request with <see cref="TerminalSigner"/> exactly as TERMINAL-PROTOCOL.md says.
/// <list type="bullet">
/// <item><c>closed</c>: <c>--concurrency</c> workers each send the next purchase as soon as the last
/// is answered (maximum throughput).</item>
/// <item><c>open</c>: purchases start at a constant <c>--rate</c> whatever the answers do; latency is
/// measured from the intended start, so a stall is not hidden (no coordinated omission).</item>
/// </list>
/// An error is any answer other than 200, a transport failure, or a decline (every benchmark card
/// is active and funded, so no decline is expected).
/// </summary>
public sealed class LoadGenerator
{
    private readonly WorldFile _world;
    private readonly HttpClient _http;
    private readonly TerminalSigner[] _signers;
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly ConcurrentQueue<Guid> _approved = new();
    private long _next;
    private long _ok;
    private long _failed;

    public LoadGenerator(WorldFile world, int connections)
    {
        _world = world;
        _http = new HttpClient(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Math.Max(1, connections),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            }
        )
        {
            BaseAddress = new Uri(world.SettlementUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
        _signers = world
            .Terminals.Select(t => new TerminalSigner(t.TerminalId, Convert.FromBase64String(t.Key)))
            .ToArray();
    }

    public Latencies Latencies { get; private set; } = new();

    public static async Task<int> RunAsync(Args args)
    {
        var world = World.Load(args.Require("world"));
        var mode = args.Get("mode", "closed");
        var concurrency = args.Int("concurrency", 16);
        var seconds = args.Double("duration", 30);
        var warmup = args.Double("warmup", 5);
        var rate = args.Double("rate", 100);
        var generator = new LoadGenerator(world, mode == "open" ? Math.Max(concurrency, 256) : concurrency);

        Console.Error.WriteLine(
            $"[load] {mode} loop, {world.Terminals.Count} terminals, {world.Cards.Count} cards, "
                + (mode == "open" ? $"{rate}/s" : $"{concurrency} concurrent")
                + $", {warmup} s warm-up + {seconds} s"
        );
        if (warmup > 0)
        {
            await (
                mode == "open"
                    ? generator.OpenAsync(rate, TimeSpan.FromSeconds(warmup))
                    : generator.ClosedAsync(concurrency, TimeSpan.FromSeconds(warmup))
            );
            generator.Reset();
        }

        var watch = Stopwatch.StartNew();
        await (
            mode == "open"
                ? generator.OpenAsync(rate, TimeSpan.FromSeconds(seconds))
                : generator.ClosedAsync(concurrency, TimeSpan.FromSeconds(seconds))
        );
        var elapsed = watch.Elapsed.TotalSeconds;
        var total = generator._ok + generator._failed;
        var result = new
        {
            mode,
            terminals = world.Terminals.Count,
            cards = world.Cards.Count,
            concurrency = mode == "closed" ? concurrency : (int?)null,
            targetRate = mode == "open" ? rate : (double?)null,
            seconds = Math.Round(elapsed, 3),
            requests = total,
            approved = generator._ok,
            errors = generator._failed,
            errorRate = total == 0 ? 0 : Math.Round((double)generator._failed / total, 6),
            errorsByKind = generator._errors.ToDictionary(e => e.Key, e => e.Value),
            throughputPerSecond = Math.Round(generator._ok / elapsed, 1),
            latency = generator.Latencies.Summary(),
        };
        await Results.WriteAsync(args, result);
        Console.Error.WriteLine(
            $"[load] {generator._ok / elapsed:F1} approved/s, errors {generator._failed} of {total}, p50 "
                + $"{generator.Latencies.PercentileMs(50):F1} ms, p99 {generator.Latencies.PercentileMs(99):F1} ms"
        );
        if (args.Get("approved-out") is { } approvedPath)
        {
            // Appended: every run of the session adds the purchases it was told were approved (invariant 3).
            await File.AppendAllLinesAsync(approvedPath, generator._approved.Select(g => g.ToString()));
        }

        return 0;
    }

    private void Reset()
    {
        Latencies = new Latencies();
        _errors.Clear();
        Interlocked.Exchange(ref _ok, 0);
        Interlocked.Exchange(ref _failed, 0);
    }

    public async Task ClosedAsync(int concurrency, TimeSpan duration)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(
            Enumerable
                .Range(0, concurrency)
                .Select(async _ =>
                {
                    while (Stopwatch.GetTimestamp() < end)
                    {
                        await PurchaseAsync(Stopwatch.GetTimestamp());
                    }
                })
        );
    }

    public async Task OpenAsync(double rate, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var count = (long)(rate * duration.TotalSeconds);
        var inFlight = new List<Task>((int)Math.Min(count, 1_000_000));
        for (long i = 0; i < count; i++)
        {
            var intended = start + (long)(i / rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            inFlight.Add(PurchaseAsync(intended));
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>One signed purchase; latency counted from <paramref name="startTimestamp"/>.</summary>
    private async Task PurchaseAsync(long startTimestamp)
    {
        var n = Interlocked.Increment(ref _next);
        var signer = _signers[n % _signers.Length];
        var card = _world.Cards[(int)((n * 7919) % _world.Cards.Count)];
        var now = DateTimeOffset.UtcNow;
        var occurredAt = now.ToOffset(TimeSpan.FromHours(8))
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(
            $$"""{"credential":{"type":"card","value":"{{card.CardNumber}}"},"item":"meal","quantity":1,"""
                + $"\"occurredAt\":\"{occurredAt}\"}}"
        );
        var key = Guid.NewGuid().ToString("N");
        const string target = "/terminal/v1/purchases";
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target)
            {
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TryAddWithoutValidation(TerminalSigner.IdempotencyKeyHeader, key);
            signer.Sign("POST", target, body, key, now).ApplyTo(request);
            using var response = await _http.SendAsync(request);
            var answer = await response.Content.ReadAsByteArrayAsync();
            Latencies.Record((long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Fail($"http_{(int)response.StatusCode}_{ProblemCode(answer)}");
                return;
            }

            using var json = JsonDocument.Parse(answer);
            var status = json.RootElement.GetProperty("status").GetString();
            if (status != "approved")
            {
                Fail($"declined_{json.RootElement.GetProperty("declineCode").GetString()}");
                return;
            }

            _approved.Enqueue(json.RootElement.GetProperty("purchaseId").GetGuid());
            Interlocked.Increment(ref _ok);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Latencies.Record((long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds);
            Fail($"transport_{e.GetType().Name}");
        }
    }

    private void Fail(string kind)
    {
        Interlocked.Increment(ref _failed);
        _errors.AddOrUpdate(kind, 1, (_, v) => v + 1);
    }

    private static string ProblemCode(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
