using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>
/// A provider's certified care workers, so a home visit names one of them (DOMAIN.md §8 "Home visits").
/// </summary>
public sealed class CareWorkerRegisteredConsumer(IServiceProvider services)
    : InboxConsumer<CareWorkerRegistered>(services)
{
    protected override string VersionStream => "care-worker";

    protected override async Task HandleAsync(CareWorkerRegistered message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_care_workers (care_worker_id, provider_id, county, valid_until)
            VALUES (@CareWorkerId, @ProviderId, @County, @CertificateValidUntil)
            ON CONFLICT (care_worker_id) DO UPDATE SET provider_id = excluded.provider_id, county = excluded.county,
                valid_until = excluded.valid_until
            """;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(sql, message, scope.Transaction, cancellationToken: ct)
        );
    }
}
