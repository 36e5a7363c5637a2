using Dapper;
using LoveCard.Contracts.Whitelist;
using Npgsql;

namespace LoveCard.Settlement.Gateway;

public static class TerminalStatuses
{
    public const string Enabled = "enabled";
    public const string Disabled = "disabled";
}
