using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.Ledger;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Terminal purchases and inquiries (TERMINAL-PROTOCOL.md "Endpoints", DOMAIN.md §3 and §5) as a short
/// pipeline of named steps: the request's validation (<see cref="PurchaseInput"/>), the evaluation (the
/// decline checks with their context query, <see cref="PurchaseEvaluation"/>), the hold rules
/// (<see cref="TerminalHoldRules"/>) and the booking (fund draws and the ledger batch,
/// <see cref="PurchaseBooking"/>). A purchase runs inside the caller's transaction (the gateway's, so
/// the idempotent answer commits with the writes) and reads only settlement's own read models;
/// approved and declined purchases are both recorded.
/// </summary>
/// <remarks>
/// Lock order, the same everywhere so purchases, reversals and top-ups cannot deadlock: the order
/// row, then the elder's cap row of the month, then fund shards fiscal → collective → charity.
/// </remarks>
public sealed class Purchasing(TimeProvider time, PurchaseEvaluation evaluation)
{
    /// <summary>Authorises and records one purchase in <paramref name="transaction"/>; never commits. With
    /// <paramref name="answers"/>, the answer is written with the last round trip too.</summary>
    public async Task<PurchaseAnswer> PurchaseAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalIdentity terminal,
        PurchaseRequest request,
        string? idempotencyKey,
        PurchaseAnswerWriter? answers,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var input = PurchaseInput.Validate(request, now);
        var purchaseId = Guid.CreateVersion7(now);
        var evaluated = await evaluation.EvaluateAsync(
            connection,
            transaction,
            terminal,
            input.Credential,
            input.Item,
            input.Quantity,
            request.OrderId,
            now,
            purchaseId,
            ct
        );
        var record = new PurchaseRecord(
            purchaseId,
            PurchaseRecord.NewReceiptNo(now),
            terminal,
            idempotencyKey,
            input,
            request,
            evaluated,
            now
        )
        {
            Answers = answers,
        };
        if (evaluated.DeclineCode is { } declined)
        {
            return await PurchaseBooking.DeclineAsync(connection, transaction, record, declined, ct);
        }

        // A home service names the visit that proves it (DOMAIN.md §8 "Home visits", ADR 0026): what failed is kept
        // with the purchase for no_visit_proof, and holds it where the county requires proof (VisitProofHold).
        var proof = await VisitProof.CheckAsync(
            connection,
            transaction,
            terminal,
            evaluated.Card!,
            input.Item,
            evaluated.HomeService,
            request.VisitId,
            now,
            ct
        );
        record = record with { VisitProblems = proof.Recorded };

        // Supervision (DOMAIN.md §6): the hold rules, over what the evaluation read after it locked the elder's
        // cap row, so two meals bought at once are counted one after the other. Checked last, after
        // the family limit, which needs the draws; without a limit the draws are skipped.
        var hold = TerminalHoldRules.ShouldHold(
            HoldContextQuery.ToContext(
                evaluated.Hold ?? throw new InvalidOperationException("A purchase's evaluation reads its holds."),
                terminal.ProviderId,
                input.Item,
                input.Quantity,
                request.Location is { Lat: { } lat, Lon: { } lon } ? new GeoPoint(lat, lon) : null,
                now
            ) with
            {
                VisitProblems = proof.Problems,
            }
        );
        if (hold is not null && request.MaxFamilyFen is null)
        {
            return await PurchaseBooking.DeclineAsync(connection, transaction, record, DeclineCodes.HeldForReview, ct);
        }

        return await PurchaseBooking.BookAsync(connection, transaction, record, held: hold is not null, ct);
    }

    /// <summary>What a purchase would get now: identifies the elder, caps left, split or decline; writes
    /// nothing.</summary>
    public async Task<InquiryAnswer> InquireAsync(
        NpgsqlConnection connection,
        TerminalIdentity terminal,
        InquiryRequest request,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var (credential, item, quantity) = PurchaseInput.ValidateInquiry(request);
        var evaluated = await evaluation.EvaluateAsync(
            connection,
            null,
            terminal,
            credential,
            item,
            quantity,
            null,
            now,
            null,
            ct
        );
        var elder = evaluated.ElderView;
        if (evaluated.DeclineCode is not null || evaluated.Card is null)
        {
            return new InquiryAnswer(
                PurchaseStatuses.Declined,
                evaluated.DeclineCode,
                elder,
                null,
                item,
                item is null ? null : quantity,
                evaluated.ListPriceFen,
                null,
                null
            );
        }

        const string sql = """
            SELECT fiscal_used_fen, collective_used_fen, charity_used_fen FROM cap_usage WHERE elder_id = @elderId AND
                month = @month;
            SELECT coalesce(sum(balance_fen) FILTER (WHERE account_id = @fiscal), 0),
                   coalesce(sum(balance_fen) FILTER (WHERE account_id = @collective), 0),
                   coalesce(sum(balance_fen) FILTER (WHERE account_id = @charity), 0)
              FROM fund_shards WHERE account_id IN (@fiscal, @collective, @charity);
            """;
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    elderId = evaluated.Card.ElderId,
                    month = Shanghai.MonthStart(now),
                    fiscal = evaluated.FundAccounts[0],
                    collective = evaluated.FundAccounts[1],
                    charity = evaluated.FundAccounts[2],
                },
                cancellationToken: ct
            )
        );
        var used = await results.ReadSingleOrDefaultAsync<CapUsageRow>() ?? new CapUsageRow();
        var balances = await results.ReadSingleAsync<(long, long, long)>();
        var capLeft = SubsidyAmounts.Remaining(
            evaluated.Caps,
            new SubsidyAmounts(used.FiscalUsedFen, used.CollectiveUsedFen, used.CharityUsedFen)
        );
        var caps = new CapsView(capLeft.FiscalFen, capLeft.CollectiveFen, capLeft.CharityFen);
        if (item is null)
        {
            return new InquiryAnswer(PurchaseStatuses.Approved, null, elder, caps, null, null, null, null, null);
        }

        var split = MoneyRules.Split(
            evaluated.PriceFen,
            evaluated.Shares,
            capLeft,
            new SubsidyAmounts(balances.Item1, balances.Item2, balances.Item3)
        );
        if (await HoldAsync(connection, null, terminal, evaluated.Card, item, quantity, null, [], now, ct) is not null)
        {
            return new InquiryAnswer(
                PurchaseStatuses.Declined,
                DeclineCodes.HeldForReview,
                elder,
                caps,
                item,
                quantity,
                evaluated.ListPriceFen,
                null,
                null
            );
        }

        return new InquiryAnswer(
            PurchaseStatuses.Approved,
            null,
            elder,
            caps,
            item,
            quantity,
            evaluated.ListPriceFen,
            evaluated.PriceFen,
            new SplitView(split.FiscalFen, split.CollectiveFen, split.CharityFen, split.FamilyFen)
        );
    }

    /// <summary>The rule that holds the purchase for review (<c>held_for_review</c>), or null.</summary>
    private static async Task<string?> HoldAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        TerminalIdentity terminal,
        CardRow card,
        string item,
        int quantity,
        LocationBody? location,
        IReadOnlyList<string> visitProblems,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var place = location is { Lat: { } lat, Lon: { } lon } ? new GeoPoint(lat, lon) : (GeoPoint?)null;
        var context = await HoldContextQuery.LoadAsync(
            connection,
            transaction,
            card.CardId,
            terminal.ProviderId,
            terminal.County,
            terminal.TerminalId,
            item,
            quantity,
            place,
            now,
            ct
        );
        return TerminalHoldRules.ShouldHold(context with { VisitProblems = visitProblems });
    }
}
