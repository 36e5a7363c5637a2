using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

public sealed class ProviderWhitelistedConsumer(IServiceProvider services)
    : ProviderEventConsumer<ProviderWhitelisted>(services);
