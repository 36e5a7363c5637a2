using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LoveCard.Security.Tests;

/// <summary>
/// A logger provider that renders everything a sink could write: message, state key/values, every
/// scope's values (via <see cref="IExternalScopeProvider"/>) and the full exception text.
/// </summary>
public sealed class CapturingLoggerProvider(string service, CapturedLogs logs) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(service, categoryName, logs, () => _scopes);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class CapturingLogger(
        string service,
        string category,
        CapturedLogs logs,
        Func<IExternalScopeProvider> scopes
    ) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var text = new StringBuilder();
            text.Append(formatter(state, exception));
            AppendValues(text, state);
            scopes()
                .ForEachScope(
                    (scope, sb) =>
                    {
                        sb.Append(" | scope: ").Append(scope);
                        AppendValues(sb, scope);
                    },
                    text
                );
            if (exception is not null)
            {
                text.Append(" | exception: ").Append(exception);
            }

            logs.Add(new CapturedLog(service, category, logLevel, text.ToString()));
        }

        private static void AppendValues(StringBuilder text, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(" | ")
                        .Append(key)
                        .Append('=')
                        .Append(
                            value is System.Collections.IEnumerable e and not string
                                ? string.Join(",", e.Cast<object?>())
                                : value
                        );
                }
            }
        }
    }
}
