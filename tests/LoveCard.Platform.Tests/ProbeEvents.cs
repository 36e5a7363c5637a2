using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;

namespace LoveCard.Platform.Tests;

internal static class ProbeEvents
{
    public static CareWorkerRegistered CareWorker(string aggregateId, long version = 1) =>
        new()
        {
            AggregateId = aggregateId,
            AggregateVersion = version,
            Actor = Actor.System("platform-tests"),
            Reason = "test",
            OccurredAt = DateTimeOffset.UtcNow,
            CareWorkerId = Guid.NewGuid(),
            ProviderId = Guid.NewGuid(),
            County = "330903",
            CertificateLevel = "senior",
            CertificateValidUntil = new DateOnly(2030, 1, 1),
        };
}
