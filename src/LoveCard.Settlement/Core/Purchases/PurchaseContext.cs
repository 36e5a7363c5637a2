using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Core.ReadModels;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// The read models a purchase's provider, item, place and order checks need, read in one round trip:
/// the provider, its item, the price ceiling in force (and whether it marks the item a home service), both counties'
/// settings, the home county's
/// policy in force, the order (locked for a purchase), and for a purchase the elder's cap row of the
/// booking month, locked.
/// </summary>
internal sealed record PurchaseContext(
    ProviderRow? Provider,
    ProviderItemRow? ProviderItem,
    long? CeilingFen,
    bool? HomeServiceMarked,
    IReadOnlyList<SettingsRow> Settings,
    PolicyRow? Policy,
    OrderRow? Order,
    CapUsageRow? CapUsed
)
{
    private const string Sql = """
        SELECT provider_id, county, status FROM rm_providers WHERE provider_id = @providerId;
        SELECT item_code, name, unit, unit_price_fen, discount_percent, effective_from
          FROM rm_provider_items WHERE provider_id = @providerId AND item_code = @item;
        SELECT s.ceiling_fen, s.home_service FROM rm_price_standards s
         WHERE s.county = @providerCounty AND s.item_code = @item
           AND s.standard_version = (SELECT v.standard_version FROM rm_price_standards v
                                      WHERE v.county = @providerCounty AND v.effective_from <= @day
                                      ORDER BY v.effective_from DESC, v.standard_version DESC LIMIT 1);
        SELECT county, one_card_network, low_fund_alert_days FROM rm_county_settings WHERE county IN (@providerCounty,
            @homeCounty);
        SELECT policy_version, categories::text AS categories FROM rm_subsidy_policies
         WHERE county = @homeCounty AND effective_from <= @day
         ORDER BY effective_from DESC, policy_version DESC LIMIT 1;
        """;

    // A purchase locks the elder's cap row of the booking month in the same round trip, after the
    // order row (the lock order of Purchasing's remarks): one elder's purchases at two terminals
    // queue here, so no cap is ever overspent (DOMAIN.md §3, BENCHMARKS.md hot spots). A purchase
    // declined after this has taken the lock for nothing and may leave an empty row of the month;
    // both are harmless, and the usual purchase saves a round trip.
    private const string LockCapsSql = """
        INSERT INTO cap_usage (elder_id, month) VALUES (@elderId, @capMonth)
        ON CONFLICT (elder_id, month) DO UPDATE SET elder_id = excluded.elder_id
        RETURNING fiscal_used_fen, collective_used_fen, charity_used_fen;
        """;

    /// <summary>Whether <paramref name="county"/> is in the one-card network (the default when it published no
    /// settings).</summary>
    public bool InOneCardNetwork(string county) =>
        Settings.FirstOrDefault(s => s.County == county)?.OneCardNetwork ?? PolicyDefaults.OneCardNetwork;

    public static async Task<PurchaseContext> LoadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        TerminalIdentity terminal,
        string homeCounty,
        Guid elderId,
        string? item,
        Guid? orderId,
        DateTimeOffset now,
        bool lockCaps,
        CancellationToken ct
    )
    {
        var orderSql =
            orderId is null ? ""
            : transaction is null ? "SELECT * FROM orders WHERE order_id = @orderId;"
            : "SELECT * FROM orders WHERE order_id = @orderId FOR UPDATE;";
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(
                Sql + orderSql + (lockCaps ? LockCapsSql : ""),
                new
                {
                    terminal.ProviderId,
                    item,
                    providerCounty = terminal.County,
                    homeCounty,
                    day = Shanghai.Today(now),
                    orderId,
                    elderId,
                    capMonth = Shanghai.MonthStart(now),
                },
                transaction,
                cancellationToken: ct
            )
        );
        var provider = await results.ReadSingleOrDefaultAsync<ProviderRow>();
        var providerItem = await results.ReadSingleOrDefaultAsync<ProviderItemRow>();
        var (ceiling, homeService) = await results.ReadSingleOrDefaultAsync<(long?, bool?)>();
        var settings = (await results.ReadAsync<SettingsRow>()).AsList();
        var policy = await results.ReadSingleOrDefaultAsync<PolicyRow>();
        var order = orderId is null ? null : await results.ReadSingleOrDefaultAsync<OrderRow>();
        var capUsed = lockCaps ? await results.ReadSingleAsync<CapUsageRow>() : null;
        return new PurchaseContext(provider, providerItem, ceiling, homeService, settings, policy, order, capUsed);
    }
}
