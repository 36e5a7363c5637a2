namespace LoveCard.Contracts.Whitelist;

/// <summary>A certified care worker (持证养老护理员) was registered with a provider.</summary>
public sealed record CareWorkerRegistered : IntegrationEvent
{
    public required Guid CareWorkerId { get; init; }

    public required Guid ProviderId { get; init; }

    public required string County { get; init; }

    public required string CertificateLevel { get; init; }

    public required DateOnly CertificateValidUntil { get; init; }
}
