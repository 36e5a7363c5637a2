using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using Npgsql;

namespace LoveCard.Cards.Cards;

/// <summary>What one change did: its name and detail in the history, and the event that publishes it.</summary>
public sealed record CardChange(string Change, string? Detail, Func<Card, CardEvent> Event);
