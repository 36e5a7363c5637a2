using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>Commands for an <see cref="NpgsqlBatch"/>: the purchase path sends several statements in one round
/// trip.</summary>
internal static class BatchCommands
{
    /// <summary>A command with positional parameters ($1, $2, …); null becomes SQL NULL.</summary>
    public static NpgsqlBatchCommand Of(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
