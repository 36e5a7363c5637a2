using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoveCard.Platform.Tests.Telemetry;

/// <summary>
/// A request leaves one structured log line (method, route template, status, milliseconds) and none
/// of the framework's per-request lines, which were most of every service's log (issue 20).
/// </summary>
[TestFixture]
public sealed class Logging_a_request
{
    private readonly Lines _lines = new();
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = "probe_logging" },
            configure: builder => builder.Logging.AddProvider(_lines)
        );

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_request_is_one_line_with_its_route_status_and_time_and_no_framework_lines()
    {
        using var client = _host.CreateClient("province");
        _lines.Entries.Clear();

        (await client.GetAsync("/api/probe/ping")).EnsureSuccessStatusCode();

        var entries = await Eventually.ValueAsync(
            () => Task.FromResult(_lines.Entries.ToArray()),
            e => e.Any(l => l.Category == "LoveCard.Requests"),
            what: "the request's line"
        );
        Assert.Multiple(() =>
        {
            Assert.That(
                entries.Where(l => l.Category == "LoveCard.Requests").Select(l => l.Message).Single(),
                Does.Match(@"^GET /api/probe/ping answered 200 in [0-9.]+ ms$")
            );
            Assert.That(
                entries
                    .Where(l =>
                        l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                        && l.Level < LogLevel.Warning
                    )
                    .Select(l => $"{l.Category}: {l.Message}"),
                Is.Empty,
                "no framework line per request"
            );
        });
    }

    private sealed record Line(string Category, LogLevel Level, string Message);

    /// <summary>Every line the host logs, kept for the test.</summary>
    private sealed class Lines : ILoggerProvider
    {
        public ConcurrentQueue<Line> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<Line> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(
                LogLevel logLevel,
                EventId eventId,
                TState state,
                Exception? exception,
                Func<TState, Exception?, string> formatter
            ) => entries.Enqueue(new Line(category, logLevel, formatter(state, exception)));
        }
    }
}
