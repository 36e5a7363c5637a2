using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

public sealed class ProviderExitedConsumer(IServiceProvider services) : ProviderEventConsumer<ProviderExited>(services);
