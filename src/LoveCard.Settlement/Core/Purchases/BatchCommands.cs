using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>Commands for an <see cref="NpgsqlBatch"/>: the purchase path sends several statements in one round
/// trip.</summary>
internal static class BatchCommands
{
    /// <summary>A command with positional parameters ($1, $2, …), typed (<c>TypedParameter.Of</c>, ADR 0057): a
    /// value is not boxed, and a null is a NULL of the parameter's type.</summary>
    public static NpgsqlBatchCommand Of(string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
