using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>Certified care workers per county, with their certificate's end (DOMAIN.md §4: the target of 25 per 10,000
/// elders).</summary>
public sealed class CareWorkerRegisteredPublicStatsConsumer(IServiceProvider services)
    : InboxConsumer<CareWorkerRegistered>(services)
{
    protected override string? VersionStream => "public-stats-care-worker";

    protected override Task HandleAsync(CareWorkerRegistered message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_care_workers (care_worker_id, county, certificate_valid_until) VALUES (@CareWorkerId,
                @County, @CertificateValidUntil)
            ON CONFLICT (care_worker_id) DO UPDATE SET county = excluded.county, certificate_valid_until =
                excluded.certificate_valid_until
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.CareWorkerId,
                    message.County,
                    message.CertificateValidUntil,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
