using Dapper;
using LoveCard.Cards.Cards;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Cards.Provisioning;

/// <summary>
/// The statements of a provisioning batch (ADR 0046), each once per batch whatever its size: the elders' advisory
/// locks, their cards read and locked, the new cards' numbers claimed, the new cards and the history copied, the
/// changed cards updated from arrays, and the events copied into the outbox.
/// </summary>
internal static class ProvisioningWrites
{
    /// <summary>More draws than a nearly full number space needs (a draw collides at most one time in five).</summary>
    private const int MaxNumberDraws = 50;

    /// <summary>
    /// The per-elder locks that single changes of a card's elder (a death) take too, in one order for every
    /// batch, so two batches or a batch and a death never deadlock.
    /// </summary>
    public static Task LockEldersAsync(CardTransaction tx, Guid[] elders, CancellationToken ct) =>
        tx.Connection.ExecuteAsync(
            new CommandDefinition(
                """
                SELECT count(pg_advisory_xact_lock(k)) FROM (
                    SELECT DISTINCT hashtextextended('cards:elder:' || e::text, 0) AS k
                    FROM unnest(@elders) AS t(e) ORDER BY 1) AS keys
                """,
                new { elders },
                tx.Transaction,
                cancellationToken: ct
            )
        );

    public static async Task<IReadOnlyList<Card>> LockCardsAsync(
        CardTransaction tx,
        Guid[] elders,
        CancellationToken ct
    )
    {
        var sql = $"SELECT {CardStore.Columns} FROM cards WHERE elder_id = ANY(@elders) ORDER BY card_id FOR UPDATE";
        return (
            await tx.Connection.QueryAsync<Card>(
                new CommandDefinition(sql, new { elders }, tx.Transaction, cancellationToken: ct)
            )
        ).AsList();
    }

    /// <summary>
    /// The roster's social-security card number when it is well formed and was never issued, else a generated number
    /// derived from the elder (<see cref="CardNumbers.Derive"/>): a statement per draw for the whole batch.
    /// </summary>
    public static async Task ClaimNumbersAsync(
        CardTransaction tx,
        ClassificationBatch batch,
        PersonalDataProtector protector,
        ILogger logger,
        CancellationToken ct
    )
    {
        var roster = batch
            .Created.Select(c => (c.Card, Number: c.Message.SocialSecurityCardNumber?.Trim().ToUpperInvariant()))
            .Where(c => c.Number is { } n && CardNumbers.IsWellFormed(n))
            .ToList();
        var claimed = await ClaimAsync(tx, roster.Select(r => (r.Card, r.Number!)).ToList(), "social_security", ct);
        var pending = new List<Card>();
        foreach (var (card, message) in batch.Created)
        {
            if (claimed.TryGetValue(card.CardId, out var number))
            {
                batch.Number(card, number);
                continue;
            }

            if (message.SocialSecurityCardNumber is not null)
            {
                // Never log the number itself: it identifies the elder.
                logger.LogWarning(
                    "Elder {ElderId}: the roster's social-security card number is malformed or already used; a "
                        + "generated number is issued",
                    card.ElderId
                );
            }

            pending.Add(card);
        }

        for (var draw = 0; pending.Count > 0; draw++)
        {
            if (draw == MaxNumberDraws)
            {
                throw new InvalidOperationException(
                    $"No free card number after {MaxNumberDraws} draws; the generated number space is nearly full."
                );
            }

            var candidates = pending
                .Select(c => (c, CardNumbers.Derive(protector.Hash($"card-number:{c.ElderId:N}:{draw}"))))
                .ToList();
            claimed = await ClaimAsync(tx, candidates, "generated", ct);
            foreach (var card in pending)
            {
                if (claimed.TryGetValue(card.CardId, out var won))
                {
                    batch.Number(card, won);
                }
            }

            pending.RemoveAll(c => claimed.ContainsKey(c.CardId));
        }
    }

    /// <summary>Records the numbers no card ever carried; of two equal numbers in one batch the second
    /// loses.</summary>
    private static async Task<Dictionary<Guid, string>> ClaimAsync(
        CardTransaction tx,
        IReadOnlyList<(Card Card, string Number)> candidates,
        string source,
        CancellationToken ct
    )
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var rows = await tx.Connection.QueryAsync<(Guid CardId, string CardNumber)>(
            new CommandDefinition(
                """
                INSERT INTO card_numbers (card_number, card_id, source, issued_at)
                SELECT n, c, @source, @now FROM unnest(@numbers, @cards) AS t(n, c)
                ON CONFLICT (card_number) DO NOTHING
                RETURNING card_id, card_number
                """,
                new
                {
                    numbers = candidates.Select(c => c.Number).ToArray(),
                    cards = candidates.Select(c => c.Card.CardId).ToArray(),
                    source,
                    now = tx.Now,
                },
                tx.Transaction,
                cancellationToken: ct
            )
        );
        return rows.ToDictionary(r => r.CardId, r => r.CardNumber);
    }

    /// <summary>The new cards and the history by binary COPY, the changed stored cards by one update, the events by
    /// one outbox COPY.</summary>
    public static async Task WriteAsync(CardTransaction tx, ClassificationBatch batch, CancellationToken ct)
    {
        if (batch.Created.Count > 0)
        {
            await using var cards = await tx.Connection.BeginBinaryImportAsync(
                $"COPY cards ({CardStore.Columns}) FROM STDIN (FORMAT BINARY)",
                ct
            );
            foreach (var (card, _) in batch.Created)
            {
                await cards.StartRowAsync(ct);
                await cards.WriteAsync(card.CardId, NpgsqlDbType.Uuid, ct);
                await cards.WriteAsync(card.ElderId, NpgsqlDbType.Uuid, ct);
                await cards.WriteAsync(card.CardNumber, NpgsqlDbType.Text, ct);
                await cards.WriteAsync(card.Status, NpgsqlDbType.Text, ct);
                await WriteTextAsync(cards, card.StatusReason, ct);
                await WriteTextAsync(cards, card.SuspendedFrom, ct);
                await cards.WriteAsync(card.Eligible, NpgsqlDbType.Boolean, ct);
                if (card.Category is { } category)
                {
                    await cards.WriteAsync(category, NpgsqlDbType.Integer, ct);
                }
                else
                {
                    await cards.WriteNullAsync(ct);
                }

                await cards.WriteAsync(card.HomeCounty, NpgsqlDbType.Text, ct);
                await cards.WriteAsync(card.VillageCode, NpgsqlDbType.Text, ct);
                await cards.WriteAsync(card.MaskedName, NpgsqlDbType.Text, ct);
                await cards.WriteAsync(card.Modules, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await WriteTextAsync(cards, card.FaceIdHash, ct);
                await cards.WriteAsync(card.Version, NpgsqlDbType.Bigint, ct);
                await cards.WriteAsync(card.ProvisionedAt, NpgsqlDbType.TimestampTz, ct);
                await cards.WriteAsync(card.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
            }

            await cards.CompleteAsync(ct);
        }

        await UpdateTouchedAsync(tx, batch, ct);

        if (batch.Changes.Count > 0)
        {
            await using (
                var history = await tx.Connection.BeginBinaryImportAsync(
                    """
                    COPY card_history (card_id, version, change, status, status_reason, card_number, detail,
                        actor_kind, actor_id, occurred_at) FROM STDIN (FORMAT BINARY)
                    """,
                    ct
                )
            )
            {
                foreach (var (state, change) in batch.Changes)
                {
                    await history.StartRowAsync(ct);
                    await history.WriteAsync(state.CardId, NpgsqlDbType.Uuid, ct);
                    await history.WriteAsync(state.Version, NpgsqlDbType.Bigint, ct);
                    await history.WriteAsync(change.Change, NpgsqlDbType.Text, ct);
                    await history.WriteAsync(state.Status, NpgsqlDbType.Text, ct);
                    await WriteTextAsync(history, state.StatusReason, ct);
                    await history.WriteAsync(state.CardNumber, NpgsqlDbType.Text, ct);
                    await WriteTextAsync(history, change.Detail, ct);
                    await history.WriteAsync(ClassificationBatch.Provisioning.Kind, NpgsqlDbType.Text, ct);
                    await history.WriteAsync(ClassificationBatch.Provisioning.Id, NpgsqlDbType.Text, ct);
                    await history.WriteAsync(batch.Now, NpgsqlDbType.TimestampTz, ct);
                }

                await history.CompleteAsync(ct);
            }

            var events = batch.Changes.Select(c => OutboxEntry.Of(c.Change.Event(c.State))).ToArray();
            await Outbox.CopyAsync(tx.Connection, events, ct);
        }
    }

    private static async Task UpdateTouchedAsync(CardTransaction tx, ClassificationBatch batch, CancellationToken ct)
    {
        var touched = batch.TouchedCards.ToArray();
        if (touched.Length == 0)
        {
            return;
        }

        const string sql = """
            UPDATE cards AS c SET status = t.status, status_reason = t.status_reason, suspended_from = t.suspended_from,
                eligible = t.eligible, category = t.category, home_county = t.home_county,
                village_code = t.village_code, masked_name = t.masked_name, version = t.version,
                updated_at = t.updated_at
            FROM unnest(@ids, @stored, @statuses, @reasons, @froms, @eligible, @categories, @counties, @villages,
                @names, @versions, @updated)
                AS t(card_id, stored, status, status_reason, suspended_from, eligible, category, home_county,
                    village_code, masked_name, version, updated_at)
            WHERE c.card_id = t.card_id AND c.version = t.stored
            """;
        var updated = await tx.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    ids = touched.Select(c => c.CardId).ToArray(),
                    stored = touched.Select(c => batch.StoredVersion(c.CardId)).ToArray(),
                    statuses = touched.Select(c => c.Status).ToArray(),
                    reasons = touched.Select(c => c.StatusReason).ToArray(),
                    froms = touched.Select(c => c.SuspendedFrom).ToArray(),
                    eligible = touched.Select(c => c.Eligible).ToArray(),
                    categories = touched.Select(c => c.Category).ToArray(),
                    counties = touched.Select(c => c.HomeCounty).ToArray(),
                    villages = touched.Select(c => c.VillageCode).ToArray(),
                    names = touched.Select(c => c.MaskedName).ToArray(),
                    versions = touched.Select(c => c.Version).ToArray(),
                    updated = touched.Select(c => c.UpdatedAt).ToArray(),
                },
                tx.Transaction,
                cancellationToken: ct
            )
        );
        if (updated != touched.Length)
        {
            // The row locks make this unreachable; the version check is the belt to their braces.
            throw new InvalidOperationException(
                $"{touched.Length - updated} of {touched.Length} cards changed while their elders were locked"
            );
        }
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, NpgsqlDbType.Text, ct);
}
