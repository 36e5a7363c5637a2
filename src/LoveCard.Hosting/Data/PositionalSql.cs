using Npgsql;

namespace LoveCard.Hosting.Data;

/// <summary>
/// SQL written with named parameters (<c>@name</c>, as everywhere else), split into its statements and rewritten to
/// positional parameters (<c>$1</c>, <c>$2</c>, …) once, when it is built: an <see cref="NpgsqlBatch"/> of these
/// statements costs Npgsql no parsing per call. A command with named parameters is parsed, split and rewritten by
/// Npgsql every time it runs, which was an eighth of what a purchase allocated (ADR 0057).
/// </summary>
/// <remarks>
/// Each statement numbers the names it uses in the order they first appear, as Npgsql's own rewrite does, and a name
/// used twice in a statement is one parameter. Quoted text (<c>'…'</c>, <c>"…"</c>, <c>$tag$…$tag$</c>) and comments
/// are left alone; <c>E'…'</c> strings with backslash escapes are not understood and must not be used. A name that
/// is not in the list given is an error when the SQL is built, not when it runs.
/// </remarks>
public sealed class PositionalSql
{
    private readonly (string Sql, int[] Names)[] _statements;

    /// <param name="sql">One or more statements separated by semicolons.</param>
    /// <param name="names">The parameter names the caller can supply, in the order of its
    /// <see cref="IPositionalValues.Parameter"/> numbers; matched without regard to case, as Npgsql does.</param>
    public PositionalSql(string sql, IReadOnlyList<string> names)
    {
        _statements = [.. SqlStatements.Split(sql).Select(s => Rewrite(s, names))];
    }

    /// <summary>How many statements (so result sets, one each) the SQL has.</summary>
    public int Count => _statements.Length;

    /// <summary>The statements as sent, each with the numbers of the names its <c>$1</c>, <c>$2</c>, … stand
    /// for.</summary>
    public IReadOnlyList<(string Sql, int[] Names)> Statements => _statements;

    /// <summary>Adds every statement to <paramref name="batch"/>, with a new parameter for each name it
    /// uses.</summary>
    public void AddTo(NpgsqlBatch batch, IPositionalValues values)
    {
        foreach (var (sql, names) in _statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var name in names)
            {
                command.Parameters.Add(values.Parameter(name));
            }

            batch.BatchCommands.Add(command);
        }
    }

    private static (string Sql, int[] Names) Rewrite(SqlStatements.Statement statement, IReadOnlyList<string> names)
    {
        var used = new List<int>();
        var sql = new System.Text.StringBuilder(statement.Text.Length);
        var at = 0;
        foreach (var (start, length) in statement.Parameters)
        {
            var name = statement.Text.Substring(start + 1, length - 1);
            var index = IndexOf(names, name);
            if (index < 0)
            {
                throw new ArgumentException($"The SQL names @{name}, which is not among the parameters given.");
            }

            var position = used.IndexOf(index);
            if (position < 0)
            {
                used.Add(index);
                position = used.Count - 1;
            }

            sql.Append(statement.Text, at, start - at)
                .Append('$')
                .Append((position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            at = start + length;
        }

        sql.Append(statement.Text, at, statement.Text.Length - at);
        return (sql.ToString(), [.. used]);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
