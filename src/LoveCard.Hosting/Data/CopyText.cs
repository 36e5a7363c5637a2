using System.Buffers;
using System.Globalization;
using System.Text;

namespace LoveCard.Hosting.Data;

/// <summary>
/// One row of PostgreSQL's COPY text format, built in one buffer: tab-separated fields, <c>\N</c> for
/// NULL, backslash escapes for backslash, tab, newline and carriage return. The outbox's bulk write
/// (<c>Outbox.CopyAsync</c>) uses it: six fields, the JSON body already a string, one buffer per row
/// instead of a binary importer's write per field, which measured slower for the roster import
/// (docs/benchmarks.md R5). Rows whose fields need parsing (dates, instants, arrays) go by binary COPY instead:
/// at a province's size PostgreSQL, not .NET, is the busier side.
/// </summary>
public sealed class CopyText
{
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create("\\\t\n\r");
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

    public CopyText Uuid(Guid value)
    {
        Separator();
        Span<char> buffer = stackalloc char[36];
        value.TryFormat(buffer, out var written, "D");
        _line.Append(buffer[..written]);
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
        // Most fields (codes, type names, JSON without backslashes) need no escape.
        if (value.AsSpan().IndexOfAny(NeedsEscape) < 0)
        {
            _line.Append(value);
            return;
        }

        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    _line.Append("\\\\");
                    break;
                case '\t':
                    _line.Append("\\t");
                    break;
                case '\n':
                    _line.Append("\\n");
                    break;
                case '\r':
                    _line.Append("\\r");
                    break;
                default:
                    _line.Append(c);
                    break;
            }
        }
    }
}
