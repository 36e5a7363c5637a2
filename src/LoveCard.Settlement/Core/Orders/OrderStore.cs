using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Paging;
using Npgsql;

namespace LoveCard.Settlement.Core.Orders;

/// <summary>Orders placed online or by phone (DOMAIN.md §5), fulfilled later by a terminal purchase with
/// <c>orderId</c>.</summary>
public sealed class OrderStore(NpgsqlDataSource dataSource)
{
    public sealed class ElderRow
    {
        public Guid ElderId { get; init; }

        public string HomeCounty { get; init; } = "";

        public bool Eligible { get; init; }
    }

    public sealed class ProviderItemCheck
    {
        public string Status { get; init; } = "";

        public bool SellsItem { get; init; }
    }

    public async Task<(ElderRow? Elder, ProviderItemCheck? Provider)> LoadAsync(
        Guid elderId,
        Guid providerId,
        string item,
        DateOnly day,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT elder_id, home_county, eligible FROM rm_elders WHERE elder_id = @elderId;
            SELECT p.status, EXISTS (SELECT 1 FROM rm_provider_items i WHERE i.provider_id = p.provider_id AND
                i.item_code = @item AND i.effective_from <= @day) AS sells_item
              FROM rm_providers p WHERE p.provider_id = @providerId;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    elderId,
                    providerId,
                    item,
                    day,
                },
                cancellationToken: ct
            )
        );
        return (
            await results.ReadSingleOrDefaultAsync<ElderRow>(),
            await results.ReadSingleOrDefaultAsync<ProviderItemCheck>()
        );
    }

    public async Task<OrderView> InsertAsync(OrderRow order, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO orders (order_id, elder_id, home_county, provider_id, item, quantity, note, channel, status,
                placed_by, placed_at, expires_at)
            VALUES (@OrderId, @ElderId, @HomeCounty, @ProviderId, @Item, @Quantity, @Note, @Channel, @Status, @PlacedBy,
                @PlacedAt, @ExpiresAt)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, order, cancellationToken: ct));
        return ToView(order);
    }

    public async Task<OrderRow?> GetAsync(Guid orderId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OrderRow>(
            new CommandDefinition(
                "SELECT * FROM orders WHERE order_id = @orderId",
                new { orderId },
                cancellationToken: ct
            )
        );
    }

    /// <summary>Pending → cancelled; null when the order was no longer pending.</summary>
    public async Task<OrderRow?> CancelAsync(Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = """
            UPDATE orders SET status = 'cancelled', closed_at = @now WHERE order_id = @orderId AND status = 'pending'
                RETURNING *
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OrderRow>(
            new CommandDefinition(sql, new { orderId, now = now.UtcDateTime }, cancellationToken: ct)
        );
    }

    /// <summary>Expires every pending order past its expiry; returns how many.</summary>
    public async Task<int> ExpireAsync(DateTimeOffset now, CancellationToken ct)
    {
        const string sql =
            "UPDATE orders SET status = 'expired', closed_at = @now WHERE status = 'pending' AND expires_at <= @now";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(
            new CommandDefinition(sql, new { now = now.UtcDateTime }, cancellationToken: ct)
        );
    }

    public async Task<Paged<OrderView>> ListPendingForProviderAsync(
        Guid providerId,
        PageRequest paging,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT count(*) FROM orders WHERE provider_id = @providerId AND status = 'pending';
            SELECT * FROM orders WHERE provider_id = @providerId AND status = 'pending'
             ORDER BY placed_at, order_id LIMIT @PageSize OFFSET @Offset;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    providerId,
                    paging.PageSize,
                    paging.Offset,
                },
                cancellationToken: ct
            )
        );
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<OrderRow>();
        return Paged<OrderView>.Of(paging, total, rows.Select(ToView).ToArray());
    }

    public static OrderView ToView(OrderRow o) =>
        new(
            o.OrderId,
            o.ElderId,
            o.ProviderId,
            o.Item,
            o.Quantity,
            o.Note,
            o.Channel,
            o.Status,
            Shanghai.FromUtc(o.PlacedAt),
            Shanghai.FromUtc(o.ExpiresAt),
            o.ClosedAt is { } c ? Shanghai.FromUtc(c) : null,
            o.PurchaseId
        );
}
