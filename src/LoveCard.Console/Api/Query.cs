using System.Globalization;
using System.Text;

namespace LoveCard.Console.Api;

/// <summary>Builds a query string from the parameters that have a value (empty ones are left out).</summary>
public static class Query
{
    public static string Of(params (string Name, object? Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            var text = value switch
            {
                null => null,
                string s => s.Length == 0 ? null : s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            if (text is null)
            {
                continue;
            }

            query
                .Append(query.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(name))
                .Append('=')
                .Append(Uri.EscapeDataString(text));
        }

        return query.ToString();
    }
}
