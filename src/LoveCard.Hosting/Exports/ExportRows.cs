using System.Data.Common;
using System.Runtime.CompilerServices;

namespace LoveCard.Hosting.Exports;

/// <summary>Row sources for <see cref="ExportTable"/>: rows in memory, or a data reader streamed row by row.</summary>
public static class ExportRows
{
    public static async IAsyncEnumerable<object?[]> From(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask;
    }

    public static async IAsyncEnumerable<object?[]> From(
        DbDataReader reader,
        [EnumeratorCancellation] CancellationToken ct = default
    )
    {
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            yield return values;
        }
    }
}
