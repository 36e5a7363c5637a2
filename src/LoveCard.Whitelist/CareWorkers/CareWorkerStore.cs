using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.CareWorkers;

/// <summary>
/// Certified care workers (持证养老护理员, DOMAIN.md §4) and the county ratio against the plan's
/// target of 25 per 10,000 elders. Names are personal data: sealed at rest, masked in answers.
/// </summary>
public sealed class CareWorkerStore(NpgsqlDataSource dataSource, PersonalDataProtector protector, TimeProvider time)
{
    public async Task<CareWorkerRow> RegisterAsync(
        Guid providerId,
        Action<ProviderRow> authorise,
        string name,
        string certificateNumber,
        string level,
        DateOnly validUntil,
        Actor actor,
        CancellationToken ct
    )
    {
        const string insert = """
            INSERT INTO care_workers (id, provider_id, county, name_encrypted, name_masked, certificate_number,
                certificate_level, valid_until, registered_at)
            VALUES (@Id, @ProviderId, @County, @nameEncrypted, @NameMasked, @CertificateNumber, @CertificateLevel,
                @ValidUntil, @RegisteredAt)
            ON CONFLICT (certificate_number) DO NOTHING
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var provider = await ProviderStore.LockAsync(connection, transaction, providerId, ct)
            ?? throw new NotFoundException("Provider");
        authorise(provider);
        if (provider.Status == ProviderStatuses.Exited)
        {
            throw new ConflictException("provider_exited", "The provider has exited the whitelist.");
        }

        var now = time.GetUtcNow();
        var row = new CareWorkerRow
        {
            Id = Guid.CreateVersion7(),
            ProviderId = providerId,
            County = provider.County,
            NameMasked = PersonalDataProtector.MaskName(name),
            CertificateNumber = certificateNumber,
            CertificateLevel = level,
            ValidUntil = validUntil,
            RegisteredAt = now,
        };
        var inserted = await connection.ExecuteAsync(
            new CommandDefinition(
                insert,
                new
                {
                    row.Id,
                    row.ProviderId,
                    row.County,
                    nameEncrypted = protector.Encrypt(name),
                    row.NameMasked,
                    row.CertificateNumber,
                    row.CertificateLevel,
                    row.ValidUntil,
                    row.RegisteredAt,
                },
                transaction,
                cancellationToken: ct
            )
        );
        if (inserted == 0)
        {
            throw new ConflictException(
                "certificate_taken",
                "A care worker with this certificate number is already registered."
            );
        }

        await Outbox.AddAsync(
            connection,
            transaction,
            new CareWorkerRegistered
            {
                AggregateId = row.Id.ToString(),
                AggregateVersion = 1,
                Actor = actor,
                Reason = "care_worker_registered",
                OccurredAt = now,
                CareWorkerId = row.Id,
                ProviderId = providerId,
                County = provider.County,
                CertificateLevel = level,
                CertificateValidUntil = validUntil,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return row;
    }

    public async Task<IReadOnlyList<CareWorkerRow>> ListAsync(Guid providerId, CancellationToken ct)
    {
        const string sql = """
            SELECT id, provider_id, county, name_masked, certificate_number, certificate_level, valid_until,
                registered_at
            FROM care_workers WHERE provider_id = @providerId ORDER BY registered_at, id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (
            await connection.QueryAsync<CareWorkerRow>(
                new CommandDefinition(sql, new { providerId }, cancellationToken: ct)
            )
        ).AsList();
    }

    /// <summary>
    /// Care workers whose certificate is valid on <paramref name="today"/> and whose provider is
    /// whitelisted now, and the county's eligible elders (home county) by their latest classification.
    /// </summary>
    public async Task<CareWorkerCounts> CountsAsync(string county, DateOnly today, CancellationToken ct)
    {
        const string sql = """
            SELECT
              (SELECT count(*) FROM care_workers c JOIN providers p ON p.id = c.provider_id
               WHERE p.county = @county AND p.status = 'whitelisted' AND c.valid_until >= @today) AS
                   certified_care_workers,
              (SELECT count(*) FROM elders WHERE home_county = @county AND eligible) AS eligible_elders
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<CareWorkerCounts>(
            new CommandDefinition(sql, new { county, today }, cancellationToken: ct)
        );
    }
}
