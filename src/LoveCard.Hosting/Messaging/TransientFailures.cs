using System.Net.Sockets;
using MassTransit;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// Tells a failure of the infrastructure (the database or the broker is slow or away) from a failure
/// of the message itself (ADR 0014). A consumer retries a transient failure for as long as it takes;
/// only a deterministic one, which would fail the same way every time, reaches the error queue.
/// </summary>
public static class TransientFailures
{
    /// <summary>
    /// PostgreSQL errors that say nothing about the message: the server is short of something, busy,
    /// shutting down, or chose this transaction as a victim. Npgsql's own <c>IsTransient</c> covers
    /// most; the rest are listed here (a cancelled statement is a timeout under load).
    /// </summary>
    private static readonly HashSet<string> TransientSqlStates = new(StringComparer.Ordinal)
    {
        PostgresErrorCodes.SerializationFailure, // 40001
        PostgresErrorCodes.DeadlockDetected, // 40P01
        PostgresErrorCodes.TooManyConnections, // 53300
        PostgresErrorCodes.CannotConnectNow, // 57P03
        PostgresErrorCodes.AdminShutdown, // 57P01
        PostgresErrorCodes.CrashShutdown, // 57P02
        PostgresErrorCodes.QueryCanceled, // 57014
        PostgresErrorCodes.LockNotAvailable, // 55P03
    };

    /// <summary>True when <paramref name="exception"/>, or any exception inside it, is an infrastructure
    /// failure.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Any(IsTransient);
            }

            if (IsTransientItself(e))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransientItself(Exception e) =>
        e switch
        {
            PostgresException postgres => postgres.IsTransient
                || TransientSqlStates.Contains(postgres.SqlState)
                || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
                || postgres.SqlState.StartsWith("53", StringComparison.Ordinal), // insufficient resources
            // Connection refused, reset or timed out, the pool exhausted (a TimeoutException inside).
            NpgsqlException npgsql => npgsql.IsTransient,
            TimeoutException or SocketException or IOException => true,
            // The broker went away under a consumer that publishes or sends.
            TransportUnavailableException or RequestTimeoutException => true,
            BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException => true,
            HttpRequestException => true,
            _ => false,
        };
}
