using Dapper;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

public sealed class CardResumedConsumer(IServiceProvider services) : CardEventConsumer<CardResumed>(services);
