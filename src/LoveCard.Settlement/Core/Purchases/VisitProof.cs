using Dapper;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Whether a home-service purchase names a visit that proves it (DOMAIN.md §8 "Home visits"): the same elder, item
/// and provider, valid, checked out at most 12 h before the booking, and used by no other approved purchase. The
/// visit row is locked (after the elder's cap row, before the fund shards: Purchasing's lock order), so two
/// purchases naming one visit are judged one after the other.
/// </summary>
/// <param name="HomeService">The item is given at home in the provider's county; else nothing was checked.</param>
/// <param name="Problems">What failed; empty when the visit proves the service.</param>
internal sealed record VisitProof(bool HomeService, IReadOnlyList<string> Problems)
{
    /// <summary>How long before the booking a visit may have ended and still prove the purchase.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(12);

    public static readonly VisitProof NotNeeded = new(false, []);

    /// <summary>The problems as the purchase row keeps them: null when no proof was needed.</summary>
    public string[]? Recorded => HomeService ? Problems.ToArray() : null;

    public static async Task<VisitProof> CheckAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalIdentity terminal,
        CardRow card,
        string item,
        bool homeService,
        Guid? visitId,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        if (!homeService)
        {
            return NotNeeded;
        }

        if (visitId is not { } id)
        {
            return new VisitProof(true, [VisitProblems.NoVisit]);
        }

        var visit = await connection.QuerySingleOrDefaultAsync<VisitRow>(
            new CommandDefinition(
                """
                SELECT elder_id, item, status, decline_code, checked_out_at, problems FROM visits
                 WHERE visit_id = @id AND provider_id = @providerId FOR UPDATE
                """,
                new { id, terminal.ProviderId },
                transaction,
                cancellationToken: ct
            )
        );
        var used =
            visit is not null
            && await connection.ExecuteScalarAsync<bool>(
                new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM purchases WHERE visit_id = @id AND status = 'approved')",
                    new { id },
                    transaction,
                    cancellationToken: ct
                )
            );
        return new VisitProof(true, Judge(visit, card, item, used, now));
    }

    private static List<string> Judge(VisitRow? visit, CardRow card, string item, bool used, DateTimeOffset now)
    {
        if (visit is null)
        {
            return [VisitProblems.VisitUnknown];
        }

        if (visit.ElderId != card.ElderId || visit.Item != item)
        {
            return [VisitProblems.VisitMismatch];
        }

        // The statuses of Visits/VisitRules.cs, which this folder does not import (the visits use the purchases').
        if (visit.Status == "refused")
        {
            return [visit.DeclineCode ?? "refused"];
        }

        if (visit.Status != "completed")
        {
            return [VisitProblems.VisitNotCompleted];
        }

        var problems = new List<string>(visit.Problems);
        if (visit.CheckedOutAt is { } endedAt && endedAt < now - MaxAge)
        {
            problems.Add(VisitProblems.VisitStale);
        }

        if (used)
        {
            problems.Add(VisitProblems.VisitUsed);
        }

        return problems;
    }

    /// <summary>The columns of <c>visits</c> a purchase's proof reads.</summary>
    private sealed class VisitRow
    {
        public Guid? ElderId { get; init; }

        public string Item { get; init; } = "";

        public string Status { get; init; } = "";

        public string? DeclineCode { get; init; }

        public DateTimeOffset? CheckedOutAt { get; init; }

        public string[] Problems { get; init; } = [];
    }
}
