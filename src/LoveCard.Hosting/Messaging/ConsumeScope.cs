using Dapper;
using LoveCard.Contracts;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Observability;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.Messaging;

/// <summary>The consumer's connection and open transaction; write state and outbox rows through it.</summary>
public sealed record ConsumeScope(NpgsqlConnection Connection, NpgsqlTransaction Transaction, ConsumeContext Context)
{
    /// <summary>True once an event was written through <see cref="PublishAsync"/>: the consumer then wakes the relay
    /// after its commit (<see cref="Outbox.Committed"/>).</summary>
    public bool Published { get; private set; }

    public Task PublishAsync(IntegrationEvent message, CancellationToken ct)
    {
        Published = true;
        return Outbox.AddAsync(Connection, Transaction, message, ct);
    }
}
