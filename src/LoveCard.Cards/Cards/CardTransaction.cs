using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using Npgsql;

namespace LoveCard.Cards.Cards;

/// <summary>An open transaction on one card, for the extra rows a change writes (consents, numbers).</summary>
public sealed record CardTransaction(NpgsqlConnection Connection, NpgsqlTransaction Transaction, DateTimeOffset Now);
