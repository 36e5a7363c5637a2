using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using Npgsql;

namespace LoveCard.Cards.Cards;

/// <summary>
/// Reads cards and applies changes to one card at a time: the card row is locked (<c>FOR UPDATE</c>)
/// for the whole change, so two racing changes apply one after the other and the second sees the
/// first's result (a second revoke answers 409). Every change raises the version by one and writes
/// the history row and the event in the same transaction (outbox, ADR 0002).
/// </summary>
public sealed class CardStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    internal const string Columns = """
        card_id, elder_id, card_number, status, status_reason, suspended_from, eligible, category,
        home_county, village_code, masked_name, modules, face_id_hash, version, provisioned_at, updated_at
        """;

    public async Task<Card?> FindAsync(Guid cardId, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns} FROM cards WHERE card_id = @cardId
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Card>(
            new CommandDefinition(sql, new { cardId }, cancellationToken: ct)
        );
    }

    public static async Task<Card?> LockAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string where,
        object parameters,
        CancellationToken ct
    )
    {
        var sql = $"SELECT {Columns} FROM cards WHERE {where} FOR UPDATE";
        return await connection.QuerySingleOrDefaultAsync<Card>(
            new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)
        );
    }

    /// <summary>
    /// Locks the card, lets <paramref name="authorise"/> check the caller may act on it (404/403),
    /// runs <paramref name="apply"/> (which throws on an illegal transition, changing nothing), then
    /// saves the card one version higher with its history row and event.
    /// </summary>
    public async Task<Card> ChangeAsync(
        Guid cardId,
        Actor actor,
        Action<Card> authorise,
        Func<Card, CardTransaction, Task<CardChange>> apply,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var card = await LockAsync(connection, transaction, "card_id = @cardId", new { cardId }, ct)
            ?? throw new NotFoundException("Card");
        authorise(card);
        var scope = new CardTransaction(connection, transaction, time.GetUtcNow());
        var change = await apply(card, scope);
        await SaveAsync(scope, card, change, actor, ct);
        await transaction.CommitAsync(ct);
        // A terminal must decline a suspended card as soon as it can: the relay publishes the event now, not after
        // its pause (ADR 0059).
        Outbox.Committed();
        return card;
    }

    /// <summary>Writes a changed card (version + 1), its history row and its event.</summary>
    public static async Task SaveAsync(
        CardTransaction scope,
        Card card,
        CardChange change,
        Actor actor,
        CancellationToken ct
    )
    {
        const string sql = """
            UPDATE cards SET card_number = @CardNumber, status = @Status, status_reason = @StatusReason,
                suspended_from = @SuspendedFrom, eligible = @Eligible, category = @Category,
                home_county = @HomeCounty, village_code = @VillageCode, masked_name = @MaskedName,
                modules = @Modules, face_id_hash = @FaceIdHash, version = @Version + 1, updated_at = @UpdatedAt
            WHERE card_id = @CardId AND version = @Version
            """;
        card.UpdatedAt = scope.Now;
        var updated = await scope.Connection.ExecuteAsync(
            new CommandDefinition(sql, card, scope.Transaction, cancellationToken: ct)
        );
        if (updated != 1)
        {
            // The row lock makes this unreachable; the version check is the belt to its braces.
            throw new ConflictException(
                "card_changed",
                "The card was changed at the same time; read it again and retry."
            );
        }

        card.Version++;
        await InsertHistoryAsync(scope, card, change, actor, ct);
        await Outbox.AddAsync(scope.Connection, scope.Transaction, change.Event(card), ct);
    }

    public static Task InsertHistoryAsync(
        CardTransaction scope,
        Card card,
        CardChange change,
        Actor actor,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO card_history (card_id, version, change, status, status_reason, card_number, detail, actor_kind,
                actor_id, occurred_at)
            VALUES (@cardId, @version, @change, @status, @statusReason, @cardNumber, @detail, @actorKind, @actorId,
                @now)
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    cardId = card.CardId,
                    version = card.Version,
                    change = change.Change,
                    status = card.Status,
                    statusReason = card.StatusReason,
                    cardNumber = card.CardNumber,
                    detail = change.Detail,
                    actorKind = actor.Kind,
                    actorId = actor.Id,
                    now = scope.Now,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }

    /// <summary>
    /// Records a new number for <paramref name="cardId"/> in card_numbers; false when the number was
    /// ever issued before (numbers are never reused, so an old number stays told apart).
    /// </summary>
    public static async Task<bool> TryClaimNumberAsync(
        CardTransaction scope,
        Guid cardId,
        string number,
        string source,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO card_numbers (card_number, card_id, source, issued_at) VALUES (@number, @cardId, @source, @now)
            ON CONFLICT (card_number) DO NOTHING
            """;
        return await scope.Connection.ExecuteAsync(
                new CommandDefinition(
                    sql,
                    new
                    {
                        number,
                        cardId,
                        source,
                        now = scope.Now,
                    },
                    scope.Transaction,
                    cancellationToken: ct
                )
            ) == 1;
    }

    public static async Task<bool> FaceBoundElsewhereAsync(
        CardTransaction scope,
        string faceIdHash,
        Guid cardId,
        CancellationToken ct
    )
    {
        const string sql =
            "SELECT EXISTS (SELECT 1 FROM cards WHERE face_id_hash = @faceIdHash AND card_id <> @cardId)";
        return await scope.Connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(sql, new { faceIdHash, cardId }, scope.Transaction, cancellationToken: ct)
        );
    }

    /// <summary>Blocks a number at once: from now on it is a replaced number, not the card's.</summary>
    public static Task RetireNumberAsync(CardTransaction scope, string number, CancellationToken ct)
    {
        const string sql =
            "UPDATE card_numbers SET replaced_at = @now WHERE card_number = @number AND replaced_at IS NULL";
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(sql, new { number, now = scope.Now }, scope.Transaction, cancellationToken: ct)
        );
    }

    /// <summary>A generated number no card has ever carried.</summary>
    public static async Task<string> ClaimGeneratedNumberAsync(CardTransaction scope, Guid cardId, CancellationToken ct)
    {
        // 10^7 numbers for ~2 million card holders (DOMAIN.md §1): a draw collides at most one time
        // in five at full scale, so a few retries always suffice.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var number = CardNumbers.Generate();
            if (await TryClaimNumberAsync(scope, cardId, number, "generated", ct))
            {
                return number;
            }
        }

        throw new InvalidOperationException(
            "No free card number after 50 draws; the generated number space is nearly full."
        );
    }

    /// <summary>A card number and the card that carries or carried it (classes, not positional records: Dapper maps
    /// timestamptz to DateTimeOffset only through setters).</summary>
    public sealed class NumberLookup
    {
        public string CardNumber { get; set; } = "";

        public Guid CardId { get; set; }

        public string Source { get; set; } = "";

        public DateTimeOffset IssuedAt { get; set; }

        public DateTimeOffset? ReplacedAt { get; set; }

        public string HomeCounty { get; set; } = "";

        public Guid ElderId { get; set; }
    }

    public async Task<NumberLookup?> FindNumberAsync(string cardNumber, CancellationToken ct)
    {
        const string sql = """
            SELECT n.card_number, n.card_id, n.source, n.issued_at, n.replaced_at, c.home_county, c.elder_id
            FROM card_numbers n JOIN cards c ON c.card_id = n.card_id
            WHERE n.card_number = @cardNumber
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<NumberLookup>(
            new CommandDefinition(sql, new { cardNumber }, cancellationToken: ct)
        );
    }

    /// <summary>
    /// Cards by county, status, category and village, paged and sorted by <paramref name="paging"/>;
    /// its <c>q</c> is a card number (current, exact) or a masked name (<c>王*华</c>, exact).
    /// </summary>
    public async Task<(long Total, IReadOnlyList<Card> Items)> ListAsync(
        string? county,
        string? status,
        int? category,
        string? village,
        PageRequest paging,
        CancellationToken ct
    )
    {
        const string filter = """
            FROM cards
            WHERE (@county::text IS NULL OR home_county = @county) AND (@status::text IS NULL OR status = @status)
              AND (@category::int IS NULL OR category = @category) AND (@village::text IS NULL OR village_code =
                  @village)
              AND (@q::text IS NULL OR card_number = upper(@q) OR masked_name = @q)
            """;
        var orderBy = paging.OrderBy is { Length: > 0 } order ? order : "provisioned_at, card_id";
        var sql = $"""
            SELECT count(*) {filter};
            SELECT {Columns} {filter}
            ORDER BY {orderBy}
            LIMIT @pageSize OFFSET @offset
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    status,
                    category,
                    village,
                    q = paging.Q,
                    pageSize = paging.PageSize,
                    offset = (long)paging.Offset,
                },
                cancellationToken: ct
            )
        );
        var total = await grid.ReadSingleAsync<long>();
        var items = (await grid.ReadAsync<Card>()).AsList();
        return (total, items);
    }

    /// <summary>One change of the card, as the history shows it.</summary>
    public sealed class HistoryRow
    {
        public long Version { get; set; }

        public string Change { get; set; } = "";

        public string Status { get; set; } = "";

        public string? StatusReason { get; set; }

        public string CardNumber { get; set; } = "";

        public string? Detail { get; set; }

        public string ActorKind { get; set; } = "";

        public string ActorId { get; set; } = "";

        public DateTimeOffset OccurredAt { get; set; }
    }

    public async Task<IReadOnlyList<HistoryRow>> HistoryAsync(Guid cardId, CancellationToken ct)
    {
        const string sql = """
            SELECT version, change, status, status_reason, card_number, detail, actor_kind, actor_id, occurred_at
            FROM card_history WHERE card_id = @cardId ORDER BY version
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (
            await connection.QueryAsync<HistoryRow>(new CommandDefinition(sql, new { cardId }, cancellationToken: ct))
        ).AsList();
    }
}
