using LoveCard.Contracts.Whitelist;

namespace LoveCard.Identity.ReadModels;

public sealed class ProviderSuspendedConsumer(IServiceProvider services)
    : ProviderFactsConsumer<ProviderSuspended>(services);
