using LoveCard.Contracts.Whitelist;

namespace LoveCard.Identity.ReadModels;

public sealed class ProviderExitedConsumer(IServiceProvider services) : ProviderFactsConsumer<ProviderExited>(services);
