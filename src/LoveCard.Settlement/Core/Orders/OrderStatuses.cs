using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Paging;
using Npgsql;

namespace LoveCard.Settlement.Core.Orders;

public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string Fulfilled = "fulfilled";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
}
