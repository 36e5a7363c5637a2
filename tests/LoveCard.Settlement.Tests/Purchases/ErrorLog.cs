using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Terminals;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>Keeps the host's errors (the host logs JSON to stdout, which test runs hide), for failure
/// messages.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    public static readonly System.Collections.Concurrent.ConcurrentQueue<string> Errors = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose() { }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            if (IsEnabled(logLevel))
            {
                Errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
                File.AppendAllText(
                    Path.Combine(Path.GetTempPath(), "lovecard-settlement-core-errors.log"),
                    $"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)} {exception}\n"
                );
            }
        }
    }
}
