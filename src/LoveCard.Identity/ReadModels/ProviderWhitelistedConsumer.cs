using LoveCard.Contracts.Whitelist;

namespace LoveCard.Identity.ReadModels;

public sealed class ProviderWhitelistedConsumer(IServiceProvider services)
    : ProviderFactsConsumer<ProviderWhitelisted>(services);
