using System.Globalization;
using System.Text;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// One row of PostgreSQL's COPY text format, built in one buffer: tab-separated fields, <c>\N</c> for
/// NULL, backslash escapes for backslash, tab, newline and carriage return; arrays as quoted array
/// literals. The import writes the 35 columns of each elder this way because Npgsql's binary importer
/// costs a parameter bind per field, and that was the largest phase of an import (docs/benchmarks.md
/// R5, copy_elders); PostgreSQL parses these fields as cheaply as the CSV of the reference COPY.
/// </summary>
public sealed class CopyText
{
    private static readonly System.Buffers.SearchValues<char> NeedsEscape = System.Buffers.SearchValues.Create("\\\t\n\r");
    private static readonly System.Buffers.SearchValues<char> NeedsEscapeInArray = System.Buffers.SearchValues.Create("\"\\\t\n\r");
    private readonly StringBuilder _line = new(1024);
    private bool _first = true;

    public CopyText Text(string? value)
    {
        Separator();
        if (value is null)
        {
            _line.Append("\\N");
        }
        else
        {
            Escaped(value);
        }

        return this;
    }

    public CopyText Raw(string invariantText)
    {
        Separator();
        _line.Append(invariantText);
        return this;
    }

    public CopyText Uuid(Guid value) => Formatted(value, "D");

    public CopyText Bool(bool value) => Raw(value ? "t" : "f");

    public CopyText Long(long? value) => value is { } v ? Formatted(v, default) : Text(null);

    public CopyText Date(DateOnly? value) => value is { } d ? Formatted(d, "yyyy-MM-dd") : Text(null);

    /// <summary>A UTC instant, with its offset spelled out so the session's time zone does not matter.</summary>
    public CopyText Instant(DateTime utc)
    {
        Formatted(DateTime.SpecifyKind(utc, DateTimeKind.Utc), "yyyy-MM-dd HH:mm:ss.ffffff");
        _line.Append("+00");
        return this;
    }

    /// <summary>A value that formats without escapes (digits, dashes, colons), straight into the row.</summary>
    private CopyText Formatted<T>(T value, ReadOnlySpan<char> format)
        where T : ISpanFormattable
    {
        Separator();
        Span<char> buffer = stackalloc char[64];
        if (!value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{typeof(T).Name} did not fit a COPY field.");
        }

        _line.Append(buffer[..written]);
        return this;
    }

    /// <summary>A <c>text[]</c>: every element quoted (backslash before <c>"</c> and <c>\</c>), then escaped as a COPY field.</summary>
    public CopyText Array(IReadOnlyList<string> values)
    {
        var plain = true;
        for (var i = 0; i < values.Count && plain; i++)
        {
            plain = values[i].AsSpan().IndexOfAny(NeedsEscapeInArray) < 0;
        }

        if (plain)
        {
            // Codes like "local" or "alone": quoted as they are, straight into the row.
            Separator();
            _line.Append('{');
            for (var i = 0; i < values.Count; i++)
            {
                _line.Append(i == 0 ? "\"" : ",\"").Append(values[i]).Append('"');
            }

            _line.Append('}');
            return this;
        }

        var literal = new StringBuilder("{");
        for (var i = 0; i < values.Count; i++)
        {
            literal.Append(i == 0 ? "\"" : ",\"");
            foreach (var c in values[i])
            {
                if (c is '"' or '\\')
                {
                    literal.Append('\\');
                }

                literal.Append(c);
            }

            literal.Append('"');
        }

        Separator();
        Escaped(literal.Append('}').ToString());
        return this;
    }

    /// <summary>Writes the row (with its newline) and starts the next.</summary>
    public void EndRow(TextWriter writer)
    {
        _line.Append('\n');
        writer.Write(_line);
        _line.Clear();
        _first = true;
    }

    private void Separator()
    {
        if (!_first)
        {
            _line.Append('\t');
        }

        _first = false;
    }

    private void Escaped(string value)
    {
        // Most fields (codes, masked names, base64, hashes, JSON without backslashes) need no escape.
        if (value.AsSpan().IndexOfAny(NeedsEscape) < 0)
        {
            _line.Append(value);
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': _line.Append("\\\\"); break;
                case '\t': _line.Append("\\t"); break;
                case '\n': _line.Append("\\n"); break;
                case '\r': _line.Append("\\r"); break;
                default: _line.Append(c); break;
            }
        }
    }
}
