using Dapper;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

public sealed class CardProvisionedConsumer(IServiceProvider services) : CardEventConsumer<CardProvisioned>(services);
