using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Funds;

public sealed record FundBalance(string AccountId, string Source, string? VillageCode, long BalanceFen);
