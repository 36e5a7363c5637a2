using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Paging;
using Npgsql;

namespace LoveCard.Settlement.Core.Orders;

public sealed record OrderView(
    Guid OrderId,
    Guid ElderId,
    Guid ProviderId,
    string Item,
    int Quantity,
    string? Note,
    string Channel,
    string Status,
    DateTimeOffset PlacedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ClosedAt,
    Guid? PurchaseId
);
