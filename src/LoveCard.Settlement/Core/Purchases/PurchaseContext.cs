using System.Collections.Concurrent;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Core.ReadModels;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// The read models a purchase's checks need, read in one round trip: for a card or face credential the card it
/// names (with its elder), whether a card number was replaced and whether the item is known; then the provider, its
/// item, the price ceiling in force (and whether it marks the item a home service), both counties' settings, the
/// home county's policy in force, the order (locked for a purchase), and for a purchase the elder's cap row of the
/// booking month, locked, and the hold rules' context read after that lock (<see cref="HoldContextQuery"/>).
/// </summary>
/// <remarks>
/// When the card is not known yet (<see cref="CardLookup.Found"/> null), the later statements find it again by the
/// credential in a sub-query, so one round trip does what took three. A QR code's card is found first (its use-up
/// comes before the checks), and an inquiry locks nothing and reads no hold context.
/// </remarks>
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
    /// <summary>The card the credential names, when the round trip looked it up.</summary>
    public CardRow? Card { get; init; }

    /// <summary>The credential is a card number that was replaced.</summary>
    public bool CardReplaced { get; init; }

    /// <summary>The item is one anybody sells (else 400 <c>unknown_item</c>); true when not looked up.</summary>
    public bool ItemKnown { get; init; } = true;

    /// <summary>The hold rules' context of a purchase, read after the cap row was locked.</summary>
    public HoldContextQuery.Row? Hold { get; init; }

    private const string CardFrom = "FROM rm_cards c LEFT JOIN rm_elders e ON e.elder_id = c.elder_id";

    private const string CredentialSql = $$"""
        SELECT c.card_id, c.elder_id, c.home_county AS card_home_county, c.status, e.home_county, e.village_code,
               e.masked_name, e.category, e.eligible
          {{CardFrom}} WHERE {card};
        SELECT EXISTS (SELECT 1 FROM rm_card_replaced_numbers WHERE card_number = @value AND @isCard);
        SELECT @item IS NULL OR @item = ANY(@standardItems)
            OR EXISTS (SELECT 1 FROM rm_provider_items WHERE item_code = @item)
            OR EXISTS (SELECT 1 FROM rm_price_standards WHERE item_code = @item);
        """;

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
    // both are harmless, and the usual purchase saves a round trip. Found by the credential, only a
    // card that passes the card checks (active, eligible, classified) is locked.
    private const string LockCapsSql = """
        INSERT INTO cap_usage (elder_id, month) {elder}
        ON CONFLICT (elder_id, month) DO UPDATE SET elder_id = excluded.elder_id
        RETURNING fiscal_used_fen, collective_used_fen, charity_used_fen;
        """;

    private const string KnownElder = "VALUES (@elderId, @capMonth)";

    private const string CredentialElder = $$"""
        SELECT c.elder_id, @capMonth::date {{CardFrom}}
         WHERE {card} AND c.status = 'active' AND e.eligible AND e.category IS NOT NULL
        """;

    private const string HomeCountyOfCard =
        "(SELECT coalesce(e.home_county, c.home_county) " + CardFrom + " WHERE {card})";

    private const string CardIdOfCard = "(SELECT c.card_id FROM rm_cards c WHERE {card})";

    internal static readonly string[] StandardItems = ServiceItems.Standard.ToArray();

    private static readonly ConcurrentDictionary<(string?, int, bool, bool), PositionalSql> Statements = new();

    /// <summary>Whether <paramref name="county"/> is in the one-card network (the default when it published no
    /// settings).</summary>
    public bool InOneCardNetwork(string county) =>
        Settings.FirstOrDefault(s => s.County == county)?.OneCardNetwork ?? PolicyDefaults.OneCardNetwork;

    /// <summary>The credential's statements alone (a QR code's card, by <c>c.card_id = @cardId</c>).</summary>
    public static string CredentialStatements(string cardWhere) => CredentialSql.Replace("{card}", cardWhere);

    /// <summary>The parameters the credential's statements name.</summary>
    public static object CredentialParameters(string? value, Guid cardId, bool isCard, string? item) =>
        new
        {
            value,
            cardId,
            isCard,
            item,
            standardItems = StandardItems,
        };

    public static async Task<PurchaseContext> LoadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        TerminalIdentity terminal,
        CardLookup lookup,
        string? item,
        Guid? orderId,
        DateTimeOffset now,
        bool lockCaps,
        CancellationToken ct
    )
    {
        var orderMode =
            orderId is null ? 0
            : transaction is null ? 1
            : 2;
        var withHold = lockCaps && item is not null;
        var known = lookup.Found;
        var statements = Statements.GetOrAdd(
            (known is null ? lookup.Where : null, orderMode, lockCaps, withHold),
            Build
        );
        var values = new PurchaseContextValues
        {
            ProviderId = terminal.ProviderId,
            Item = item,
            ProviderCounty = terminal.County,
            HomeCounty = known is null ? null : known.HomeCounty ?? known.CardHomeCounty,
            Day = Shanghai.Today(now),
            OrderId = orderId,
            ElderId = known?.ElderId,
            CapMonth = Shanghai.MonthStart(now),
            Value = lookup.Value,
            IsCard = lookup.IsCard,
            CardId = known?.CardId,
            TerminalId = terminal.TerminalId,
            Now = now.UtcDateTime,
        };
        // Positional statements in one batch (ADR 0057): Npgsql has nothing to parse or rewrite per purchase.
        await using var batch = new NpgsqlBatch(connection, transaction);
        statements.AddTo(batch, values);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var results = new BatchResults(reader);
        CardRow? card = null;
        bool replaced = false,
            itemKnown = true;
        if (known is null)
        {
            card = await results.ReadSingleOrDefaultAsync<CardRow>(ct);
            replaced = await results.ReadSingleAsync<bool>(ct);
            itemKnown = await results.ReadSingleAsync<bool>(ct);
        }

        var provider = await results.ReadSingleOrDefaultAsync<ProviderRow>(ct);
        var providerItem = await results.ReadSingleOrDefaultAsync<ProviderItemRow>(ct);
        var (ceiling, homeService) = await results.ReadSingleOrDefaultAsync<(long?, bool?)>(ct);
        var settings = await results.ReadAsync<SettingsRow>(ct);
        var policy = await results.ReadSingleOrDefaultAsync<PolicyRow>(ct);
        var order = orderId is null ? null : await results.ReadSingleOrDefaultAsync<OrderRow>(ct);
        var capUsed = lockCaps ? await results.ReadSingleOrDefaultAsync<CapUsageRow>(ct) : null;
        var hold = withHold ? await results.ReadSingleAsync<HoldContextQuery.Row>(ct) : null;
        return new PurchaseContext(provider, providerItem, ceiling, homeService, settings, policy, order, capUsed)
        {
            Card = card,
            CardReplaced = replaced,
            ItemKnown = itemKnown,
            Hold = hold,
        };
    }

    /// <summary>
    /// Locks a known elder's cap row of the booking month on its own: when the card changed between the
    /// statements of the one round trip, so the lock by credential found no card that passed.
    /// </summary>
    public static Task<CapUsageRow> LockCapsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid elderId,
        DateTimeOffset now,
        CancellationToken ct
    ) =>
        connection.QuerySingleAsync<CapUsageRow>(
            new CommandDefinition(
                LockCapsSql.Replace("{elder}", KnownElder),
                new { elderId, capMonth = Shanghai.MonthStart(now) },
                transaction,
                cancellationToken: ct
            )
        );

    /// <summary>The round trip's statements for a card found by <c>card</c> (null: already known), written with the
    /// names of <see cref="PurchaseContextValues"/> and sent with positional parameters.</summary>
    private static PositionalSql Build((string? Card, int OrderMode, bool LockCaps, bool WithHold) key)
    {
        var (cardWhere, orderMode, lockCaps, withHold) = key;
        var sql = Sql;
        var hold = HoldContextQuery.Sql;
        if (cardWhere is not null)
        {
            sql = sql.Replace("@homeCounty", HomeCountyOfCard.Replace("{card}", cardWhere));
            hold = hold.Replace("@cardId", CardIdOfCard.Replace("{card}", cardWhere));
        }

        var order = orderMode switch
        {
            0 => "",
            1 => "SELECT * FROM orders WHERE order_id = @orderId;\n",
            _ => "SELECT * FROM orders WHERE order_id = @orderId FOR UPDATE;\n",
        };
        var elder = cardWhere is null ? KnownElder : CredentialElder.Replace("{card}", cardWhere);
        return new PositionalSql(
            (cardWhere is null ? "" : CredentialStatements(cardWhere))
                + sql
                + order
                + (lockCaps ? LockCapsSql.Replace("{elder}", elder) : "")
                + (withHold ? hold : ""),
            PurchaseContextValues.Names
        );
    }
}
