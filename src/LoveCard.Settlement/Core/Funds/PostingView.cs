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

public sealed record PostingView(
    long PostingId,
    Guid TransactionId,
    string AccountId,
    long AmountFen,
    string Kind,
    Guid? PurchaseId,
    DateTimeOffset BookedAt
);
