using System.Net.Sockets;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Platform.Tests;

/// <summary>Which failures a consumer retries for as long as they last, and which go to the error queue (ADR
/// 0014).</summary>
[TestFixture]
public sealed class Telling_transient_from_deterministic_failures
{
    private static IEnumerable<TestCaseData> Transient()
    {
        yield return Case(
            "a connection that timed out while opening",
            new NpgsqlException("The operation has timed out", new TimeoutException())
        );
        yield return Case(
            "an exhausted connection pool",
            new NpgsqlException("The connection pool has been exhausted", new TimeoutException())
        );
        yield return Case(
            "a refused connection",
            new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))
        );
        yield return Case(
            "a connection cut mid-query",
            new NpgsqlException("Exception while reading from stream", new EndOfStreamException())
        );
        yield return Case(
            "a serialization failure",
            new PostgresException("could not serialize access", "ERROR", "ERROR", "40001")
        );
        yield return Case("a deadlock", new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"));
        yield return Case("too many connections", new PostgresException("too many clients", "FATAL", "FATAL", "53300"));
        yield return Case(
            "a database starting up",
            new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")
        );
        yield return Case(
            "a database shutting down",
            new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")
        );
        yield return Case(
            "a timeout inside another exception",
            new InvalidOperationException("wrapped", new TimeoutException())
        );
        yield return Case(
            "an aggregate holding a socket failure",
            new AggregateException(new ArgumentException("x"), new SocketException())
        );
        yield return Case(
            "a request to another service that timed out",
            new MassTransit.RequestTimeoutException("no answer")
        );
    }

    private static IEnumerable<TestCaseData> Deterministic()
    {
        yield return Case("a unique violation", new PostgresException("duplicate key", "ERROR", "ERROR", "23505"));
        yield return Case(
            "a not-null violation",
            new PostgresException("null value violates not-null constraint", "ERROR", "ERROR", "23502")
        );
        yield return Case("an SQL error", new PostgresException("syntax error", "ERROR", "ERROR", "42601"));
        yield return Case("a failed rule", new InvalidOperationException("This consumer fails until healed"));
        yield return Case("a bad payload", new System.Text.Json.JsonException("bad payload"));
        yield return Case("a missing field", new ArgumentNullException("cardNumber"));
    }

    private static TestCaseData Case(string name, Exception failure) => new TestCaseData(failure).SetName(name);

    [TestCaseSource(nameof(Transient))]
    public void Is_transient(Exception failure) => Assert.That(TransientFailures.IsTransient(failure), Is.True);

    [TestCaseSource(nameof(Deterministic))]
    public void Is_deterministic(Exception failure) => Assert.That(TransientFailures.IsTransient(failure), Is.False);
}
