using System.Net.Sockets;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Platform.Tests;

/// <summary>Which failures a consumer retries for as long as they last, and which go to the error queue (ADR 0014).</summary>
[TestFixture]
public sealed class Telling_transient_from_deterministic_failures
{
    private static IEnumerable<TestCaseData> Transient()
    {
        yield return new TestCaseData(new NpgsqlException("The operation has timed out", new TimeoutException())).SetName("a connection that timed out while opening");
        yield return new TestCaseData(new NpgsqlException("The connection pool has been exhausted", new TimeoutException())).SetName("an exhausted connection pool");
        yield return new TestCaseData(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))).SetName("a refused connection");
        yield return new TestCaseData(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())).SetName("a connection cut mid-query");
        yield return new TestCaseData(new PostgresException("could not serialize access", "ERROR", "ERROR", "40001")).SetName("a serialization failure");
        yield return new TestCaseData(new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01")).SetName("a deadlock");
        yield return new TestCaseData(new PostgresException("too many clients", "FATAL", "FATAL", "53300")).SetName("too many connections");
        yield return new TestCaseData(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")).SetName("a database starting up");
        yield return new TestCaseData(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")).SetName("a database shutting down");
        yield return new TestCaseData(new InvalidOperationException("wrapped", new TimeoutException())).SetName("a timeout inside another exception");
        yield return new TestCaseData(new AggregateException(new ArgumentException("x"), new SocketException())).SetName("an aggregate holding a socket failure");
        yield return new TestCaseData(new MassTransit.RequestTimeoutException("no answer")).SetName("a request to another service that timed out");
    }

    private static IEnumerable<TestCaseData> Deterministic()
    {
        yield return new TestCaseData(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")).SetName("a unique violation");
        yield return new TestCaseData(new PostgresException("null value violates not-null constraint", "ERROR", "ERROR", "23502")).SetName("a not-null violation");
        yield return new TestCaseData(new PostgresException("syntax error", "ERROR", "ERROR", "42601")).SetName("an SQL error");
        yield return new TestCaseData(new InvalidOperationException("This consumer fails until healed")).SetName("a failed rule");
        yield return new TestCaseData(new System.Text.Json.JsonException("bad payload")).SetName("a bad payload");
        yield return new TestCaseData(new ArgumentNullException("cardNumber")).SetName("a missing field");
    }

    [TestCaseSource(nameof(Transient))]
    public void Is_transient(Exception failure) => Assert.That(TransientFailures.IsTransient(failure), Is.True);

    [TestCaseSource(nameof(Deterministic))]
    public void Is_deterministic(Exception failure) => Assert.That(TransientFailures.IsTransient(failure), Is.False);
}
