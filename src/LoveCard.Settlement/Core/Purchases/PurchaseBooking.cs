using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// The last step of a purchase: the fund draws and the ledger batch (cap usage, the purchase row,
/// its postings, the order's fulfilment and the outbox <see cref="PurchaseSettled"/>), or the
/// declined row when the family limit or a hold stops it. Runs in the purchase's transaction.
/// </summary>
internal static class PurchaseBooking
{
    /// <summary>Records a declined purchase (one round trip) and answers it.</summary>
    public static async Task<PurchaseAnswer> DeclineAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        PurchaseRecord record,
        string declineCode,
        CancellationToken ct
    )
    {
        var answer = record.Answer(declineCode, null, null);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(PurchaseInsert.Declined(record, declineCode));
        record.Answers?.Add(batch, answer, record.BookedAt);
        await batch.ExecuteNonQueryAsync(ct);
        record.Answers?.Kept();
        return answer;
    }

    /// <summary>
    /// Draws what the waterfall wants from each fund (each limited by what the fund holds) and books
    /// the purchase; <paramref name="held"/>: a hold rule fired and the terminal sent a family limit,
    /// so the draws are made to check the limit first, then returned.
    /// </summary>
    public static async Task<PurchaseAnswer> BookAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        PurchaseRecord record,
        bool held,
        CancellationToken ct
    )
    {
        var evaluation = record.Evaluation;
        // The elder's cap row of the booking month was locked in the evaluation's last round trip.
        var used = evaluation.CapUsed
            ?? throw new InvalidOperationException("A purchase that passed evaluation has its cap row locked.");
        var usedAmounts = new SubsidyAmounts(used.FiscalUsedFen, used.CollectiveUsedFen, used.CharityUsedFen);
        var capLeft = SubsidyAmounts.Remaining(evaluation.Caps, usedAmounts);
        var unlimited = new SubsidyAmounts(long.MaxValue, long.MaxValue, long.MaxValue);
        var wanted = MoneyRules.Split(evaluation.PriceFen, evaluation.Shares, capLeft, unlimited);
        var booking = new Booking(
            record,
            Shanghai.MonthStart(record.BookedAt),
            Accounts.PickShard(),
            Accounts.Payable(record.Terminal.ProviderId),
            usedAmounts
        );

        // The usual case in one round trip: every fund holds what is wanted, no hold, within the
        // family limit (BENCHMARKS.md hot spots: "a single round trip per purchase").
        var expected = MoneyRules.Split(
            evaluation.PriceFen,
            evaluation.Shares,
            capLeft,
            new SubsidyAmounts(wanted.FiscalFen, wanted.CollectiveFen, wanted.CharityFen)
        );
        var usual = record.Answer(null, expected, booking.Remaining(expected));
        if (
            !held
            && expected == wanted
            && (record.Request.MaxFamilyFen is not { } limit || expected.FamilyFen <= limit)
            && await TryDrawAndBookAsync(connection, transaction, booking, expected, usual, ct)
        )
        {
            return usual;
        }

        // The general path: draw, then decide with what the funds gave.
        var drawn = await DrawAsync(connection, transaction, booking, wanted, ct);
        var split = MoneyRules.Split(evaluation.PriceFen, evaluation.Shares, capLeft, drawn);
        var giveBack = new SourceAmounts(drawn.FiscalFen, drawn.CollectiveFen, drawn.CharityFen, 0);
        if (record.Request.MaxFamilyFen is { } maxFamily && split.FamilyFen > maxFamily)
        {
            await CreditFundsAsync(connection, transaction, evaluation.FundAccounts, booking.Shard, giveBack, ct);
            return await DeclineAsync(connection, transaction, record, DeclineCodes.FamilyShareExceedsLimit, ct);
        }

        if (held)
        {
            await CreditFundsAsync(connection, transaction, evaluation.FundAccounts, booking.Shard, giveBack, ct);
            return await DeclineAsync(connection, transaction, record, DeclineCodes.HeldForReview, ct);
        }

        // The split can only be below what was drawn if shares add up to over 100; give the excess back.
        var excess = new SourceAmounts(
            drawn.FiscalFen - split.FiscalFen,
            drawn.CollectiveFen - split.CollectiveFen,
            drawn.CharityFen - split.CharityFen,
            0
        );
        if (excess.SubsidyFen > 0)
        {
            await CreditFundsAsync(connection, transaction, evaluation.FundAccounts, booking.Shard, excess, ct);
        }

        // One round trip books it all: cap usage, the purchase, its postings, the order and the outbox row.
        var remaining = booking.Remaining(split);
        var answer = record.Answer(null, split, remaining);
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddBooking(batch, booking, split, remaining);
        record.Answers?.Add(batch, answer, record.BookedAt);
        await batch.ExecuteNonQueryAsync(ct);
        record.Answers?.Kept();
        return answer;
    }

    /// <summary>
    /// Returns money to the funds (a reversal, or a draw that was not used), one shard each. Any shard
    /// is right for the balance (it is the sum of the shards); the one given may differ from the one
    /// a draw took from.
    /// </summary>
    public static async Task CreditFundsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<string> accounts,
        int shard,
        SourceAmounts amounts,
        CancellationToken ct
    )
    {
        const string sql = """
            UPDATE fund_shards SET balance_fen = balance_fen + @fiscal
             WHERE account_id = @fiscalAccount AND shard = @shard AND @fiscal > 0;
            UPDATE fund_shards SET balance_fen = balance_fen + @collective
             WHERE account_id = @collectiveAccount AND shard = @shard AND @collective > 0;
            UPDATE fund_shards SET balance_fen = balance_fen + @charity
             WHERE account_id = @charityAccount AND shard = @shard AND @charity > 0;
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    fiscalAccount = accounts[0],
                    collectiveAccount = accounts[1],
                    charityAccount = accounts[2],
                    shard,
                    fiscal = amounts.FiscalFen,
                    collective = amounts.CollectiveFen,
                    charity = amounts.CharityFen,
                },
                transaction,
                cancellationToken: ct
            )
        );
    }

    /// <summary>
    /// The draws, the booking and its <paramref name="answer"/> together behind a savepoint, in one round trip; false
    /// (and nothing done) when a fund gave less than <paramref name="expected"/>, so the general path runs.
    /// </summary>
    private static async Task<bool> TryDrawAndBookAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Booking booking,
        SourceAmounts expected,
        PurchaseAnswer answer,
        CancellationToken ct
    )
    {
        var accounts = booking.Record.Evaluation.FundAccounts;
        await using var together = new NpgsqlBatch(connection, transaction);
        together.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT purchase_draws"));
        together.BatchCommands.Add(
            BatchCommands.Of("SELECT fund_draw($1, $2, $3)", P(accounts[0]), P(booking.Shard), P(expected.FiscalFen))
        );
        together.BatchCommands.Add(
            BatchCommands.Of(
                "SELECT fund_draw($1, $2, $3)",
                P(accounts[1]),
                P(booking.Shard),
                P(expected.CollectiveFen)
            )
        );
        together.BatchCommands.Add(
            BatchCommands.Of("SELECT fund_draw($1, $2, $3)", P(accounts[2]), P(booking.Shard), P(expected.CharityFen))
        );
        AddBooking(together, booking, expected, booking.Remaining(expected));
        booking.Record.Answers?.Add(together, answer, booking.Record.BookedAt);
        var drawn = new long[3];
        await using (var reader = await together.ExecuteReaderAsync(ct))
        {
            for (var i = 0; i < 3; i++)
            {
                if (i > 0)
                {
                    await reader.NextResultAsync(ct);
                }

                await reader.ReadAsync(ct);
                drawn[i] = reader.GetInt64(0);
            }

            // Read to the end, so an error of a booking statement surfaces here.
            while (await reader.NextResultAsync(ct)) { }
        }

        if (drawn[0] == expected.FiscalFen && drawn[1] == expected.CollectiveFen && drawn[2] == expected.CharityFen)
        {
            booking.Record.Answers?.Kept();
            return true;
        }

        await using var undo = new NpgsqlBatch(connection, transaction);
        undo.BatchCommands.Add(new NpgsqlBatchCommand("ROLLBACK TO SAVEPOINT purchase_draws"));
        await undo.ExecuteNonQueryAsync(ct);
        return false;
    }

    /// <summary>Draws from each fund what is wanted of it, limited by what it holds (one round trip).</summary>
    private static async Task<SubsidyAmounts> DrawAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Booking booking,
        SourceAmounts wanted,
        CancellationToken ct
    )
    {
        const string draw = """
            SELECT fund_draw(@fiscalAccount, @shard, @fiscal);
            SELECT fund_draw(@collectiveAccount, @shard, @collective);
            SELECT fund_draw(@charityAccount, @shard, @charity);
            """;
        var accounts = booking.Record.Evaluation.FundAccounts;
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(
                draw,
                new
                {
                    fiscalAccount = accounts[0],
                    collectiveAccount = accounts[1],
                    charityAccount = accounts[2],
                    shard = booking.Shard,
                    fiscal = wanted.FiscalFen,
                    collective = wanted.CollectiveFen,
                    charity = wanted.CharityFen,
                },
                transaction,
                cancellationToken: ct
            )
        );
        return new SubsidyAmounts(
            await results.ReadSingleAsync<long>(),
            await results.ReadSingleAsync<long>(),
            await results.ReadSingleAsync<long>()
        );
    }

    /// <summary>
    /// The booking of an approved purchase, added to <paramref name="batch"/>: cap usage, the purchase,
    /// the provider's payable, family and counter accounts, its postings (subsidy and family's share), the order
    /// and the outbox <see cref="PurchaseSettled"/>.
    /// </summary>
    private static void AddBooking(NpgsqlBatch batch, Booking booking, SourceAmounts split, SubsidyAmounts remaining)
    {
        var record = booking.Record;
        var evaluation = record.Evaluation;
        var card = evaluation.Card!;
        var terminal = record.Terminal;
        var bookedAt = record.BookedAt.UtcDateTime;
        var accounts = evaluation.FundAccounts;
        batch.BatchCommands.Add(
            BatchCommands.Of(
                """
                UPDATE cap_usage SET fiscal_used_fen = fiscal_used_fen + $3, collective_used_fen = collective_used_fen +
                    $4,
                    charity_used_fen = charity_used_fen + $5
                 WHERE elder_id = $1 AND month = $2
                """,
                P(card.ElderId),
                P(booking.CapMonth),
                P(split.FiscalFen),
                P(split.CollectiveFen),
                P(split.CharityFen)
            )
        );
        batch.BatchCommands.Add(PurchaseInsert.Approved(record, split, remaining, booking.CapMonth));
        // The family's share is posted with the subsidy (ADR 0040): families -> the provider's counter, so
        // payable + counter = the provider's takings. Same statements, two more rows each.
        var family = Accounts.Family(terminal.ProviderId);
        var counter = Accounts.Counter(terminal.ProviderId);
        batch.BatchCommands.Add(
            BatchCommands.Of(
                """
                INSERT INTO accounts (account_id, kind, county, provider_id)
                VALUES ($1, 'payable', $2, $3), ($4, 'family', $2, $3), ($5, 'counter', $2, $3)
                ON CONFLICT (account_id) DO NOTHING
                """,
                P(booking.Payable),
                P(evaluation.ProviderCounty),
                P(terminal.ProviderId),
                P(family),
                P(counter)
            )
        );
        batch.BatchCommands.Add(
            BatchCommands.Of(
                """
                INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
                SELECT $1, p.account_id, p.amount_fen, 'purchase', $1, $2
                  FROM unnest($3::text[], $4::bigint[]) AS p (account_id, amount_fen)
                 WHERE p.amount_fen <> 0
                """,
                P(record.PurchaseId),
                P(bookedAt),
                P(new[] { accounts[0], accounts[1], accounts[2], booking.Payable, family, counter }),
                P(
                    new[]
                    {
                        -split.FiscalFen,
                        -split.CollectiveFen,
                        -split.CharityFen,
                        split.SubsidyFen,
                        -split.FamilyFen,
                        split.FamilyFen,
                    }
                )
            )
        );
        if (record.Request.OrderId is { } orderId)
        {
            batch.BatchCommands.Add(
                BatchCommands.Of(
                    """
                    UPDATE orders SET status = 'fulfilled', purchase_id = $2, closed_at = $3 WHERE order_id = $1 AND
                        status = 'pending'
                    """,
                    P(orderId),
                    P(record.PurchaseId),
                    P(bookedAt)
                )
            );
        }

        batch.BatchCommands.Add(
            Outbox.CreateBatchCommand(Settled(record, split), PurchaseJson.Default.PurchaseSettled)
        );
    }

    private static NpgsqlParameter<T> P<T>(T value) => TypedParameter.Of(value);

    private static PurchaseSettled Settled(PurchaseRecord record, SourceAmounts split)
    {
        var evaluation = record.Evaluation;
        var card = evaluation.Card!;
        return new PurchaseSettled
        {
            AggregateId = record.PurchaseId.ToString(),
            AggregateVersion = 1,
            Actor = new Actor(ActorKinds.Terminal, record.Terminal.TerminalId),
            Reason = record.Request.OrderId is null ? "purchase" : "order fulfilled",
            OccurredAt = record.BookedAt,
            PurchaseId = record.PurchaseId,
            ReceiptNo = record.ReceiptNo,
            TerminalId = record.Terminal.TerminalId,
            ProviderId = record.Terminal.ProviderId,
            ProviderCounty = evaluation.ProviderCounty,
            ElderId = card.ElderId,
            HomeCounty = evaluation.HomeCounty!,
            CardId = card.CardId,
            Item = record.Input.Item,
            Quantity = record.Input.Quantity,
            ListPriceFen = evaluation.ListPriceFen!.Value,
            PriceFen = evaluation.PriceFen,
            FiscalFen = split.FiscalFen,
            CollectiveFen = split.CollectiveFen,
            CharityFen = split.CharityFen,
            FamilyFen = split.FamilyFen,
            BookedAt = record.BookedAt,
        };
    }
}
