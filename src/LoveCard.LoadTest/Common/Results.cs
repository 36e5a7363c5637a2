using System.Text.Json;

namespace LoveCard.LoadTest.Common;

public static class Results
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the result to <c>--out</c> (and stdout), stamped with the time.</summary>
    public static async Task WriteAsync(Args args, object result)
    {
        var text = JsonSerializer.Serialize(result, Json);
        Console.WriteLine(text);
        if (args.Get("out") is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, text);
        }
    }
}
