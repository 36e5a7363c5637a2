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
    public Task PublishAsync(IntegrationEvent message, CancellationToken ct) =>
        Outbox.AddAsync(Connection, Transaction, message, ct);
}
