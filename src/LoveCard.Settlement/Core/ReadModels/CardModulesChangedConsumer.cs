using Dapper;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

public sealed class CardModulesChangedConsumer(IServiceProvider services)
    : CardEventConsumer<CardModulesChanged>(services);
