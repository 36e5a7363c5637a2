using System.Globalization;

namespace LoveCard.Terminal.Cli;

/// <summary>A command line as positional words and <c>--name value</c> options; no parser package, so a vendor can copy
/// the project as is.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CliArguments(IReadOnlyList<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = ["verbose", "help"];

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var options = new List<(string, string?)>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (!Flags.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"--{name} needs a value.");
                }

                value = args[++i];
            }

            options.Add((name, value));
        }

        var parsed = new CliArguments(positional);
        foreach (var (name, value) in options)
        {
            if (!parsed._options.TryAdd(name, value))
            {
                throw new UsageException($"--{name} is given twice.");
            }
        }

        return parsed;
    }

    public bool Has(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Get(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value : null;
    }

    public string Required(string name) =>
        Get(name) is { Length: > 0 } value ? value : throw new UsageException($"--{name} is required.");

    public int? GetInt(string name) =>
        Get(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new UsageException($"--{name} must be a whole number.")
            : null;

    public long? GetLong(string name) =>
        Get(name) is { } text
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new UsageException($"--{name} must be a whole number of fen.")
            : null;

    public Guid? GetGuid(string name) =>
        Get(name) is { } text
            ? Guid.TryParse(text, out var value)
                ? value
                : throw new UsageException($"--{name} must be an id (a GUID).")
            : null;

    /// <summary>Typos must not pass silently: an unknown option would otherwise just be ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }
}
