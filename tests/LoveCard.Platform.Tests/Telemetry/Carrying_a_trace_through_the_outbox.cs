using System.Collections.ObjectModel;
using System.Diagnostics;
using Dapper;
using LoveCard.Hosting.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Trace;

namespace LoveCard.Platform.Tests.Telemetry;

/// <summary>
/// One trace from an HTTP request through the outbox and RabbitMQ to the consumer (ADR 0028): a real
/// host, the real bus, its spans read from OpenTelemetry's in-memory exporter.
/// </summary>
[TestFixture]
public sealed class Carrying_a_trace_through_the_outbox
{
    private readonly Spans _spans = new();
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = "probe_telemetry", ["Telemetry:Enabled"] = "true" },
            configure: builder =>
                builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans))
        );

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task The_consumer_of_an_event_a_request_wrote_works_in_the_requests_trace()
    {
        var aggregate = $"traced-{Guid.NewGuid():N}";
        // The caller's own trace (a terminal's, say): its traceparent goes out with the request.
        ActivityTraceId caller;
        using (var calling = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            // Sampled: the service's parent-based sampler follows the caller's decision.
            calling.ActivityTraceFlags = ActivityTraceFlags.Recorded;
            caller = calling.TraceId;
            using var client = _host.CreateClient();
            (await client.PostAsync($"/api/probe/care-workers/{aggregate}", null)).EnsureSuccessStatusCode();
        }

        var server = await Eventually.ValueAsync(
            () =>
                Task.FromResult(
                    _spans
                        .Snapshot()
                        .FirstOrDefault(s =>
                            s.Kind == ActivityKind.Server
                            && s.DisplayName.Contains("care-workers", StringComparison.Ordinal)
                        )
                ),
            s => s is not null,
            what: "the request's server span"
        );
        var trace = server!.TraceId;
        Assert.That(trace, Is.EqualTo(caller), "the request joins the caller's trace");

        await using (var connection = new NpgsqlConnection(_host.ConnectionString))
        {
            const string sql = "SELECT trace_parent FROM outbox WHERE aggregate_id = @aggregate";
            Assert.That(
                await connection.ExecuteScalarAsync<string>(sql, new { aggregate }),
                Does.StartWith($"00-{trace.ToHexString()}-"),
                "the outbox row keeps the request's traceparent"
            );
        }

        var consumed = await Eventually.ValueAsync(
            () => Task.FromResult(_spans.Snapshot().Where(s => s.TraceId == trace).ToArray()),
            spans => spans.Any(s => IsConsume(s) && s.DisplayName.Contains("process", StringComparison.Ordinal)),
            what: "the consumer's span in the request's trace"
        );
        Assert.Multiple(() =>
        {
            Assert.That(
                consumed.Select(s => s.Source.Name),
                Does.Contain(LoveCardTelemetry.PlatformSourceName),
                "the relay's publish"
            );
            Assert.That(
                consumed.Where(s => s.Source.Name == LoveCardTelemetry.MassTransitName).Select(s => s.Kind),
                Is.SupersetOf(new[] { ActivityKind.Producer, ActivityKind.Consumer }),
                "MassTransit's send and consume"
            );
            Assert.That(
                consumed.Any(s =>
                    s.Source.Name == "Npgsql" && consumed.Any(c => c.SpanId == s.ParentSpanId && IsConsume(c))
                ),
                Is.True,
                "the consumer's own PostgreSQL commands inside its span"
            );
        });
    }

    [Test]
    public async Task The_relays_idle_polling_makes_no_traces_of_its_own()
    {
        // A second of an idle relay is four polls (and the job runner's look): none may be a trace.
        var before = _spans.Snapshot().Length;
        await Task.Delay(1500);
        var idle = _spans
            .Snapshot()
            .Skip(before)
            .Where(s => s.Source.Name == "Npgsql" && s.ParentSpanId == default)
            .ToArray();
        Assert.That(idle.Select(s => s.DisplayName), Is.Empty);
    }

    private static bool IsConsume(Activity span) =>
        span.Source.Name == LoveCardTelemetry.MassTransitName && span.Kind == ActivityKind.Consumer;

    /// <summary>The exporter's collection, written from many threads.</summary>
    private sealed class Spans : Collection<Activity>
    {
        public Activity[] Snapshot()
        {
            lock (Items)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (Items)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
