using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Terminals;

public static class TerminalStatuses
{
    public const string Active = "active";
    public const string Disabled = "disabled";
}
