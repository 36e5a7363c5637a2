using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.BackOffice.Supervision.Rules;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// Runs the supervision rules (<see cref="AnomalyRules.Registered"/>) after the fact over purchases booked
/// in a window (DOMAIN.md §6). Each rule is one SQL query that looks at the new purchases and, for each
/// subject they touch (a card, a provider, a terminal), at the history it needs. A finding is kept once per dedup key
/// (rule +
/// subject + window) and raised as <c>AnomalyRaised</c> through the outbox in the same transaction.
/// Evidence holds ids, times, counts and distances only, never names or ID numbers.
/// </summary>
public sealed class AnomalyScanner(NpgsqlDataSource dataSource, TimeProvider time)
{
    private sealed class Finding
    {
        public string DedupKey { get; init; } = "";

        public string Rule { get; init; } = "";

        public string County { get; init; } = "";

        public Guid? ProviderId { get; init; }

        public Guid? CardId { get; init; }

        public Guid? PurchaseId { get; init; }

        public string Evidence { get; init; } = "{}";
    }

    private sealed class Raised
    {
        public Guid AnomalyId { get; init; }

        public string Rule { get; init; } = "";

        public string County { get; init; } = "";

        public Guid? ProviderId { get; init; }

        public Guid? CardId { get; init; }

        public Guid? PurchaseId { get; init; }

        public int CreditPoints { get; init; }

        public string Evidence { get; init; } = "{}";
    }

    /// <summary>Runs every rule over purchases booked in [<paramref name="from"/>, <paramref name="to"/>); answers the
    /// anomalies newly raised.</summary>
    public async Task<IReadOnlyList<Guid>> ScanAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var raised = await ScanAsync(connection, transaction, from, to, ct);
        await transaction.CommitAsync(ct);
        return raised;
    }

    public async Task<IReadOnlyList<Guid>> ScanAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken ct
    )
    {
        var parameters = Thresholds();
        parameters.Add("From", from.UtcDateTime);
        parameters.Add("To", to.UtcDateTime);
        var findings = new List<Finding>();
        foreach (var rule in AnomalyRules.Registered)
        {
            findings.AddRange(
                await connection.QueryAsync<Finding>(
                    new CommandDefinition(rule.Sql, parameters, transaction, cancellationToken: ct)
                )
            );
        }

        return await RaiseAsync(connection, transaction, findings, Actor.Job(AnomalyScanJob.JobName), ct);
    }

    /// <summary>
    /// The <c>during_absence</c> rule over purchases already booked in an absence just recorded: an absence
    /// is often written down after the elder is back (a hospital stay), when the scan has long passed them.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ScanAbsenceAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid absenceId,
        Actor actor,
        CancellationToken ct
    )
    {
        var parameters = Thresholds();
        parameters.Add("AbsenceId", absenceId);
        var findings = (
            await connection.QueryAsync<Finding>(
                new CommandDefinition(DuringAbsenceRule.OneAbsenceSql, parameters, transaction, cancellationToken: ct)
            )
        ).AsList();
        return await RaiseAsync(connection, transaction, findings, actor, ct);
    }

    /// <summary>
    /// The look-back of a death just recorded (DOMAIN.md §8): purchases of the elder booked on or after the
    /// date of death, one <c>after_death</c> anomaly per provider.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ScanDeathAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid elderId,
        Actor actor,
        CancellationToken ct
    )
    {
        var command = new CommandDefinition(
            AfterDeathRule.LookBackSql,
            new { ElderId = elderId },
            transaction,
            cancellationToken: ct
        );
        var findings = (await connection.QueryAsync<Finding>(command)).AsList();
        return await RaiseAsync(connection, transaction, findings, actor, ct);
    }

    private static DynamicParameters Thresholds()
    {
        var parameters = new DynamicParameters();
        foreach (var (code, value) in AnomalyRules.Defaults)
        {
            parameters.Add(code, value);
        }

        foreach (var rule in AnomalyRules.Registered)
        {
            rule.AddParameters(parameters);
        }

        return parameters;
    }

    private async Task<IReadOnlyList<Guid>> RaiseAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<Finding> findings,
        Actor actor,
        CancellationToken ct
    )
    {
        if (findings.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        const string insert = """
            INSERT INTO anomalies (anomaly_id, dedup_key, rule, county, provider_id, card_id, purchase_id,
                credit_points, evidence, status, raised_at)
            SELECT f.anomaly_id, f.dedup_key, f.rule, f.county, f.provider_id, f.card_id, f.purchase_id,
                f.credit_points, f.evidence::jsonb, 'open', @Now
              FROM unnest(@Ids, @Keys, @Rules, @Counties, @Providers, @Cards, @Purchases, @Points, @Evidence)
                   AS f (anomaly_id, dedup_key, rule, county, provider_id, card_id, purchase_id, credit_points,
                       evidence)
            ON CONFLICT (dedup_key) DO NOTHING
            RETURNING anomaly_id, rule, county, provider_id, card_id, purchase_id, credit_points, evidence::text AS
                evidence
            """;
        var unique = findings.DistinctBy(f => f.DedupKey).ToArray();
        var rows = (
            await connection.QueryAsync<Raised>(
                new CommandDefinition(
                    insert,
                    new
                    {
                        Now = now.UtcDateTime,
                        Ids = unique.Select(_ => Guid.CreateVersion7(now)).ToArray(),
                        Keys = unique.Select(f => f.DedupKey).ToArray(),
                        Rules = unique.Select(f => f.Rule).ToArray(),
                        Counties = unique.Select(f => f.County).ToArray(),
                        Providers = unique.Select(f => f.ProviderId).ToArray(),
                        Cards = unique.Select(f => f.CardId).ToArray(),
                        Purchases = unique.Select(f => f.PurchaseId).ToArray(),
                        Points = unique.Select(f => AnomalyRules.CreditPoints[f.Rule]).ToArray(),
                        Evidence = unique.Select(f => f.Evidence).ToArray(),
                    },
                    transaction,
                    cancellationToken: ct
                )
            )
        ).AsList();

        foreach (var row in rows)
        {
            await Outbox.AddAsync(
                connection,
                transaction,
                new AnomalyRaised
                {
                    AggregateId = row.AnomalyId.ToString(),
                    AggregateVersion = 1,
                    Actor = actor,
                    Reason = row.Rule,
                    OccurredAt = now,
                    AnomalyId = row.AnomalyId,
                    Rule = row.Rule,
                    County = row.County,
                    ProviderId = row.ProviderId,
                    CardId = row.CardId,
                    PurchaseId = row.PurchaseId,
                    CreditPoints = row.CreditPoints,
                    Evidence = row.Evidence,
                },
                ct
            );
        }

        return rows.Select(r => r.AnomalyId).ToArray();
    }
}
