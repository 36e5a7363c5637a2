using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

public sealed class ProviderSuspendedConsumer(IServiceProvider services)
    : ProviderEventConsumer<ProviderSuspended>(services);
