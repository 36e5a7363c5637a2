using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

public sealed class ProviderSuspendedPublicStatsConsumer(IServiceProvider s)
    : ProviderStatusPublicStatsConsumer<ProviderSuspended>(s);
