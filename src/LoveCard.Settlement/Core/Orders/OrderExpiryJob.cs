using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Core.Orders;

/// <summary>Expires pending orders 48 h after they were placed (a job: no delayed broker messages,
/// ARCHITECTURE.md).</summary>
public sealed class OrderExpiryJob(OrderStore orders) : IScheduledJob
{
    public string Name => "order-expiry";

    public JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromMinutes(5));

    public Task RunAsync(DateTimeOffset now, CancellationToken ct) => orders.ExpireAsync(now, ct);
}
