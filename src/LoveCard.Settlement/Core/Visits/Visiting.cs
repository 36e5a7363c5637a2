using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Visits;

/// <summary>
/// Home visits (DOMAIN.md §8 "Home visits", docs/terminal-protocol.md version 1.1, ADR 0026) as named steps: the
/// request checked, the elder identified by the purchase's own checks (steps 1 and 2 of the decline list; nothing is
/// written for the credential, so a QR code shown at the door is not used up), the care worker and the item judged,
/// the visit recorded. Runs in the gateway's transaction, so the idempotent answer commits with the row.
/// </summary>
public sealed class Visiting(TimeProvider time, PurchaseEvaluation evaluation, NpgsqlDataSource dataSource)
{
    public async Task<VisitView> CheckInAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalIdentity terminal,
        VisitsApi.CheckInRequest request,
        string idempotencyKey,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var input = VisitInput.CheckIn(request, now);
        var evaluated = await evaluation.EvaluateAsync(
            connection,
            null,
            terminal,
            input.Credential,
            null,
            1,
            null,
            now,
            null,
            ct
        );
        var card = evaluated.Card;
        var facts = await VisitStore.LoadFactsAsync(
            connection,
            transaction,
            terminal.ProviderId,
            terminal.County,
            input.Item,
            input.CareWorkerId,
            card?.ElderId,
            now,
            ct
        );
        string? refusal =
            evaluated.DeclineCode is { } declined && VisitRules.ElderDeclines.Contains(declined) ? declined
            : !facts.HomeService ? VisitRules.ItemNotHomeService
            : facts.CareWorkerValidUntil is not { } validUntil || validUntil < Shanghai.Today(input.OccurredAt)
                ? VisitRules.CareWorkerUnknown
            : null;
        var distance = facts.Home is { } home && refusal is null ? VisitRules.DistanceM(home, input.Point) : (int?)null;
        var visitId = Guid.CreateVersion7(now);
        await VisitStore.InsertAsync(
            connection,
            transaction,
            new
            {
                VisitId = visitId,
                terminal.TerminalId,
                terminal.ProviderId,
                ProviderCounty = terminal.County,
                IdempotencyKey = idempotencyKey,
                Status = refusal is null ? VisitRules.Open : VisitRules.Refused,
                DeclineCode = refusal,
                card?.CardId,
                card?.ElderId,
                card?.MaskedName,
                card?.Category,
                HomeCounty = card is null ? null : evaluated.HomeCounty,
                input.Item,
                input.CareWorkerId,
                HomeLat = facts.Home?.Lat,
                HomeLon = facts.Home?.Lon,
                input.Point.Lat,
                input.Point.Lon,
                CheckedInAt = input.OccurredAt.UtcDateTime,
                DistanceM = distance,
                BookedAt = now.UtcDateTime,
                facts.MinimumMinutes,
            },
            ct
        );
        return new VisitView(
            visitId,
            refusal is null ? VisitRules.Open : VisitRules.Refused,
            refusal,
            evaluated.ElderView,
            input.Item,
            input.CareWorkerId,
            Shanghai.ToLocal(input.OccurredAt),
            distance,
            null,
            null,
            null,
            null,
            []
        );
    }

    /// <summary>Closes the visit with its verdict: valid, or the problems found (DOMAIN.md §8 "Home visits").</summary>
    public async Task<VisitView> CheckOutAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalIdentity terminal,
        Guid visitId,
        VisitsApi.CheckOutRequest request,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var visit = await VisitStore.LockAsync(connection, transaction, terminal.ProviderId, visitId, ct)
            ?? throw new NotFoundException("Visit");
        if (visit.Status != VisitRules.Open)
        {
            throw new ConflictException(
                "visit_not_open",
                "This visit was checked out already, or refused at check-in."
            );
        }

        var (point, occurredAt) = VisitInput.CheckOut(request, visit.CheckedInAt, now);
        var facts = await VisitStore.LoadFactsAsync(
            connection,
            transaction,
            terminal.ProviderId,
            visit.ProviderCounty,
            visit.Item,
            visit.CareWorkerId,
            visit.ElderId,
            now,
            ct
        );
        var home =
            visit.HomeLat is { } lat && visit.HomeLon is { } lon ? new Holds.GeoPoint(lat, lon) : (Holds.GeoPoint?)null;
        var distance = home is { } h ? VisitRules.DistanceM(h, point) : (int?)null;
        var duration = VisitRules.DurationMinutes(visit.CheckedInAt, occurredAt);
        var minimum = visit.MinimumMinutes ?? facts.MinimumMinutes;
        var active = facts.CareWorkerValidUntil is { } until && until >= Shanghai.Today(occurredAt);
        var problems = VisitRules.Problems(visit.CheckInDistanceM, distance, facts.RadiusM, duration, minimum, active);
        var done = await VisitStore.CompleteAsync(
            connection,
            transaction,
            new
            {
                VisitId = visitId,
                point.Lat,
                point.Lon,
                CheckedOutAt = occurredAt.UtcDateTime,
                DistanceM = distance,
                BookedAt = now.UtcDateTime,
                DurationMinutes = duration,
                facts.RadiusM,
                MinimumMinutes = minimum,
                Valid = problems.Count == 0,
                Problems = problems.ToArray(),
            },
            ct
        );
        return View(done);
    }

    public async Task<VisitView?> GetAsync(Guid providerId, Guid visitId, CancellationToken ct) =>
        await VisitStore.FindAsync(dataSource, providerId, visitId, ct) is { } row ? View(row) : null;

    private static VisitView View(VisitRow row) =>
        new(
            row.VisitId,
            row.Status,
            row.DeclineCode,
            row.ElderId is null ? null : new ElderView(row.MaskedName ?? "", row.Category, row.HomeCounty ?? ""),
            row.Item,
            row.CareWorkerId,
            Shanghai.ToLocal(row.CheckedInAt),
            row.CheckInDistanceM,
            row.CheckedOutAt is { } outAt ? Shanghai.ToLocal(outAt) : null,
            row.CheckOutDistanceM,
            row.DurationMinutes,
            row.Valid,
            row.Problems
        );
}
