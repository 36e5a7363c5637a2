using System.Data.Common;
using Dapper;
using Npgsql;

namespace LoveCard.Hosting.Data;

/// <summary>
/// Reads the result sets of an <see cref="NpgsqlBatch"/> (or a command) one after the other, each mapped by Dapper's
/// row parser as <c>QueryMultiple</c> maps them (snake_case columns, the type handlers), so a batch of positional
/// statements (<see cref="PositionalSql"/>) reads as the named command it replaces did. Each read consumes one
/// result set.
/// </summary>
public sealed class BatchResults(DbDataReader reader)
{
    private bool _started;

    /// <summary>The one row of the next result set, or the default when it has none; more than one row is an
    /// error.</summary>
    public async Task<T?> ReadSingleOrDefaultAsync<T>(CancellationToken ct)
    {
        await NextAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return default;
        }

        var value = reader.GetRowParser<T>()(reader);
        if (await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("Sequence contains more than one element");
        }

        return value;
    }

    /// <summary>The one row of the next result set; none, or more than one, is an error.</summary>
    public async Task<T> ReadSingleAsync<T>(CancellationToken ct)
    {
        await NextAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("Sequence contains no elements");
        }

        var value = reader.GetRowParser<T>()(reader);
        if (await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("Sequence contains more than one element");
        }

        return value;
    }

    /// <summary>Every row of the next result set.</summary>
    public async Task<List<T>> ReadAsync<T>(CancellationToken ct)
    {
        await NextAsync(ct);
        var rows = new List<T>();
        if (!await reader.ReadAsync(ct))
        {
            return rows;
        }

        var parse = reader.GetRowParser<T>();
        do
        {
            rows.Add(parse(reader));
        } while (await reader.ReadAsync(ct));

        return rows;
    }

    /// <summary>The reader starts on the first result set; every later read moves to the next one first.</summary>
    private async Task NextAsync(CancellationToken ct)
    {
        if (!_started)
        {
            _started = true;
            return;
        }

        if (!await reader.NextResultAsync(ct))
        {
            throw new InvalidOperationException("The batch has no more result sets.");
        }
    }
}
