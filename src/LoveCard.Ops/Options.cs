using System.Globalization;

namespace LoveCard.Ops;

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new OpsException($"Expected --name value, got '{args[i]}'.\n{OpsCommands.Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        return new Options(values);
    }

    public string? Get(string name) => values.GetValueOrDefault(name);

    public string Required(string name) =>
        Get(name) ?? throw new OpsException($"--{name} is required.\n{OpsCommands.Usage}");

    public int Int(string name, int fallback) =>
        Get(name) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new OpsException($"--{name} must be a whole number.")
            : fallback;

    public Guid? Guid(string name) =>
        Get(name) is { } text
            ? System.Guid.TryParse(text, out var g)
                ? g
                : throw new OpsException($"--{name} must be a GUID.")
            : null;
}
