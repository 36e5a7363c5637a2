using System.Text.RegularExpressions;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.BackOffice.Statements;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>
/// Payouts as a provider sees them and the bureau's record of paying one (ADR 0041). The netting is
/// read from the ledger: the provider's payable postings booked in the period, by kind, which add up
/// to the payout clearing stored; the family's share from its counter postings (ADR 0040).
/// </summary>
public sealed partial class PayoutPayments(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string AlreadyPaid = "payout_already_paid";
    public const string NothingToPay = "nothing_to_pay";
    public const string InvalidBankReference = "invalid_bank_reference";
    public const string PaidBeforePeriod = "paid_on_before_period";

    private sealed class PayoutRow
    {
        public string Status { get; init; } = "";

        public long AmountFen { get; init; }

        public string? BankReference { get; init; }

        public DateOnly? PaidOn { get; init; }
    }

    private const string PageSql = """
        SELECT count(*) FROM clearing_payouts cp WHERE cp.provider_id = @ProviderId AND {0};
        WITH page AS (
            SELECT cp.county, cp.period, cp.provider_id, cp.fiscal_fen, cp.collective_fen, cp.charity_fen,
                   cp.amount_fen, cp.status, cp.status_note, cp.status_at, cp.bank_reference, cp.paid_on,
                   pr.period_start, pr.period_end, pr.closed_at
              FROM clearing_payouts cp
              JOIN clearing_periods pr ON pr.county = cp.county AND pr.period = cp.period
             WHERE cp.provider_id = @ProviderId AND {0}
             ORDER BY cp.period DESC, cp.county OFFSET @Offset LIMIT @PageSize
        ), books AS (
            SELECT p.county, p.period,
                   sum(x.amount_fen) FILTER (WHERE x.account_id = @Payable AND x.kind = 'purchase') AS gross,
                   -sum(x.amount_fen) FILTER (WHERE x.account_id = @Payable AND x.kind IN ('void', 'refund'))
                       AS reversed,
                   -sum(x.amount_fen) FILTER (WHERE x.account_id = @Payable AND x.kind = 'recovery') AS recovered,
                   sum(x.amount_fen) FILTER (WHERE x.account_id = @Payable AND x.kind = 'correction') AS corrected,
                   sum(x.amount_fen) FILTER (WHERE x.account_id = @Counter) AS family
              FROM page p
              JOIN postings x ON x.account_id IN (@Payable, @Counter)
                             AND x.booked_at >= p.period_start AND x.booked_at < p.period_end
             GROUP BY p.county, p.period
        )
        SELECT p.county, p.period, p.provider_id,
               coalesce(b.gross, 0)::bigint AS gross_subsidy_fen, coalesce(b.reversed, 0)::bigint AS reversed_fen,
               coalesce(b.recovered, 0)::bigint AS recovered_fen, coalesce(b.corrected, 0)::bigint AS corrected_fen,
               p.amount_fen AS net_fen, p.fiscal_fen, p.collective_fen, p.charity_fen,
               coalesce(b.family, 0)::bigint AS family_collected_fen,
               CASE p.status WHEN 'instructed' THEN 'to_be_paid' ELSE p.status END AS status,
               p.bank_reference, p.paid_on, p.status_note, p.status_at, p.closed_at
          FROM page p LEFT JOIN books b ON b.county = p.county AND b.period = p.period
         ORDER BY p.period DESC, p.county;
        """;

    /// <summary>A provider's payouts over every closed period, newest first, each with its netting.</summary>
    public Task<Paged<ProviderPayoutView>> ListAsync(Guid providerId, PageRequest paging, CancellationToken ct) =>
        QueryAsync(providerId, null, null, paging, ct);

    private async Task<Paged<ProviderPayoutView>> QueryAsync(
        Guid providerId,
        string? county,
        string? period,
        PageRequest paging,
        CancellationToken ct
    )
    {
        // Only this fixed filter is spliced in; every value is a parameter.
        var sql = PageSql.Replace(
            "{0}",
            county is null ? "true" : "cp.county = @County AND cp.period = @Period",
            StringComparison.Ordinal
        );
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var multi = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    ProviderId = providerId,
                    Payable = Accounts.Payable(providerId),
                    Counter = Accounts.Counter(providerId),
                    County = county,
                    Period = period,
                    paging.Offset,
                    paging.PageSize,
                },
                cancellationToken: ct
            )
        );
        var total = await multi.ReadSingleAsync<long>();
        var items = (await multi.ReadAsync<ProviderPayoutView>()).AsList();
        return new Paged<ProviderPayoutView>(items, total, paging.Page, paging.PageSize);
    }

    /// <summary>
    /// Records that the bureau paid the payout: status <c>paid</c> with the bank's reference and the day. The
    /// same reference and day again answer the payout unchanged (idempotent, no second event); a paid payout
    /// with another reference or day is 409 <see cref="AlreadyPaid"/> (one marked paid without them gets them);
    /// a payout of nothing (recoveries ate the period) is 409 <see cref="NothingToPay"/>. Bad input is 400
    /// naming the field, before anything is read.
    /// </summary>
    public async Task<ProviderPayoutView> RecordAsync(
        Caller caller,
        string county,
        StatementPeriod period,
        Guid providerId,
        PayoutPaymentRequest request,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var (reference, paidOn) = Validate(request, period, Shanghai.Today(now));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<PayoutRow>(
            new CommandDefinition(
                """
                SELECT status, amount_fen, bank_reference, paid_on FROM clearing_payouts
                 WHERE county = @county AND period = @period AND provider_id = @providerId FOR UPDATE
                """,
                new
                {
                    county,
                    period = period.Label,
                    providerId,
                },
                transaction,
                cancellationToken: ct
            )
        ) ?? throw new NotFoundException("Payout");
        // A payout marked paid by the status endpoint alone (before ADR 0056) may still get its reference and day,
        // once.
        if (current is { Status: "paid", BankReference: { } known })
        {
            if (known == reference && current.PaidOn == paidOn)
            {
                await transaction.CommitAsync(ct);
                return await OneAsync(providerId, county, period.Label, ct);
            }

            throw new ConflictException(
                AlreadyPaid,
                $"The payout was recorded paid on {current.PaidOn:yyyy-MM-dd} with reference {known}."
            );
        }

        if (current.AmountFen <= 0)
        {
            throw new ConflictException(
                NothingToPay,
                $"The payout is {current.AmountFen} fen; there is nothing to pay."
            );
        }

        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                UPDATE clearing_payouts SET status = 'paid', bank_reference = @reference, paid_on = @paidOn,
                       status_by = @by, status_at = @now
                 WHERE county = @county AND period = @period AND provider_id = @providerId
                """,
                new
                {
                    reference,
                    paidOn,
                    by = caller.Subject,
                    now = now.UtcDateTime,
                    county,
                    period = period.Label,
                    providerId,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new PayoutPaid
            {
                AggregateId = $"payout:{county}:{period.Label}:{providerId}",
                AggregateVersion = 1,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = "payout paid",
                OccurredAt = now,
                County = county,
                Period = period.Label,
                ProviderId = providerId,
                AmountFen = current.AmountFen,
                BankReference = reference,
                PaidOn = paidOn,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return await OneAsync(providerId, county, period.Label, ct);
    }

    private async Task<ProviderPayoutView> OneAsync(Guid providerId, string county, string period, CancellationToken ct)
    {
        var one = await QueryAsync(providerId, county, period, new PageRequest(1, 1), ct);
        return one.Items.Single();
    }

    private static (string Reference, DateOnly PaidOn) Validate(
        PayoutPaymentRequest request,
        StatementPeriod period,
        DateOnly today
    )
    {
        var reference = request.BankReference?.Trim();
        if (string.IsNullOrEmpty(reference))
        {
            throw new BadInputException("bankReference", "required", "bankReference is required.");
        }

        if (reference.Length > 64)
        {
            throw new BadInputException("bankReference", "too_long", "bankReference is at most 64 characters.");
        }

        if (!BankReferencePattern().IsMatch(reference))
        {
            throw new BadInputException(
                "bankReference",
                InvalidBankReference,
                "bankReference is letters, digits and - _ / . as the bank printed it."
            );
        }

        if (string.IsNullOrWhiteSpace(request.PaidOn))
        {
            throw new BadInputException("paidOn", "required", "paidOn is required (yyyy-MM-dd, Asia/Shanghai).");
        }

        if (
            !DateOnly.TryParseExact(
                request.PaidOn.Trim(),
                "yyyy-MM-dd",
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None,
                out var paidOn
            )
        )
        {
            throw new BadInputException("paidOn", "invalid_date", "paidOn is a date, yyyy-MM-dd.");
        }

        if (paidOn > today)
        {
            throw new BadInputException("paidOn", "in_future", "paidOn cannot be after today (Asia/Shanghai).");
        }

        if (paidOn < Shanghai.Today(period.To))
        {
            throw new BadInputException(
                "paidOn",
                PaidBeforePeriod,
                $"paidOn cannot be before the end of {period.Label}: a period is paid once it is closed."
            );
        }

        return (reference, paidOn);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_/.-]*$")]
    private static partial Regex BankReferencePattern();
}
