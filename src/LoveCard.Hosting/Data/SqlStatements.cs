namespace LoveCard.Hosting.Data;

/// <summary>
/// Splits SQL into its statements at the semicolons outside quoted text and comments, and finds the named
/// parameters (<c>@name</c>) in each, for <see cref="PositionalSql"/>. Quoted text is <c>'…'</c> (a doubled quote
/// inside it is a quote), <c>"…"</c> and <c>$tag$…$tag$</c>; comments are <c>-- …</c> to the end of the line and
/// <c>/* … */</c>, nested as PostgreSQL nests them. <c>@</c> not followed by a letter or <c>_</c> is an operator.
/// </summary>
public static class SqlStatements
{
    /// <summary>One statement's text (trimmed) and where its parameters are: the <c>@</c> and the name.</summary>
    public sealed record Statement(string Text, IReadOnlyList<(int Start, int Length)> Parameters);

    public static IReadOnlyList<Statement> Split(string sql)
    {
        var statements = new List<Statement>();
        var start = 0;
        var i = 0;
        while (i <= sql.Length)
        {
            if (i == sql.Length || sql[i] == ';')
            {
                var text = sql[start..i].Trim();
                if (text.Length > 0)
                {
                    statements.Add(new Statement(text, Parameters(text)));
                }

                start = ++i;
                continue;
            }

            i = Skip(sql, i);
        }

        return statements;
    }

    private static List<(int Start, int Length)> Parameters(string text)
    {
        var found = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '@' && i + 1 < text.Length && IsNameStart(text[i + 1]))
            {
                var end = i + 2;
                while (end < text.Length && IsNamePart(text[end]))
                {
                    end++;
                }

                found.Add((i, end - i));
                i = end;
                continue;
            }

            i = Skip(text, i);
        }

        return found;
    }

    /// <summary>The index after the token at <paramref name="i"/>: past quoted text or a comment that starts there,
    /// else the next character.</summary>
    private static int Skip(string sql, int i)
    {
        var c = sql[i];
        var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
        if (c is '\'' or '"')
        {
            var end = i + 1;
            while (end < sql.Length)
            {
                if (sql[end] == c)
                {
                    // A doubled quote is one quote inside the text.
                    if (end + 1 < sql.Length && sql[end + 1] == c)
                    {
                        end += 2;
                        continue;
                    }

                    return end + 1;
                }

                end++;
            }

            throw new ArgumentException("The SQL has an unterminated quote.");
        }

        if (c == '-' && next == '-')
        {
            var end = sql.IndexOf('\n', i);
            return end < 0 ? sql.Length : end + 1;
        }

        if (c == '/' && next == '*')
        {
            var depth = 0;
            var end = i;
            while (end < sql.Length)
            {
                if (sql[end] == '/' && end + 1 < sql.Length && sql[end + 1] == '*')
                {
                    depth++;
                    end += 2;
                }
                else if (sql[end] == '*' && end + 1 < sql.Length && sql[end + 1] == '/')
                {
                    end += 2;
                    if (--depth == 0)
                    {
                        return end;
                    }
                }
                else
                {
                    end++;
                }
            }

            throw new ArgumentException("The SQL has an unterminated comment.");
        }

        if (c == '$' && DollarTag(sql, i) is { } tag)
        {
            var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
            return end < 0
                ? throw new ArgumentException("The SQL has an unterminated dollar quote.")
                : end + tag.Length;
        }

        return i + 1;
    }

    /// <summary>The tag (<c>$$</c> or <c>$name$</c>) of a dollar quote starting at <paramref name="i"/>, or null (a
    /// positional parameter such as <c>$1</c>, or a <c>$</c> inside an identifier).</summary>
    private static string? DollarTag(string sql, int i)
    {
        if (i > 0 && IsNamePart(sql[i - 1]))
        {
            return null;
        }

        var end = i + 1;
        while (end < sql.Length && sql[end] != '$')
        {
            if (!IsNamePart(sql[end]) || (end == i + 1 && char.IsAsciiDigit(sql[end])))
            {
                return null;
            }

            end++;
        }

        return end < sql.Length ? sql[i..(end + 1)] : null;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
