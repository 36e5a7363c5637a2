using System.Text.Json;
using LoveCard.Console.Errors;

namespace LoveCard.Console.Api;

/// <summary>
/// An RFC 9457 problem a service answered: its stable code, the field at fault and the Chinese sentence for it.
/// </summary>
public sealed record ApiProblem(
    int Status,
    string Code,
    string? Field,
    string? Detail,
    int? Row,
    IReadOnlyList<ApiFieldError> Errors,
    JsonElement Body
)
{
    /// <summary>What the person reads: the catalogue's sentence, with the row of a file when there is one.</summary>
    public string Message
    {
        get
        {
            var sentence = Status == 401 ? "登录已过期，请重新登录。" : ErrorCatalogue.Describe(Code, Field);
            if (LongExtension("ceilingFen") is { } ceiling)
            {
                sentence = sentence.TrimEnd('。') + $"（最高限价 {Formatting.Yuan.Format(ceiling)}）。";
            }

            return Row is { } row ? $"文件第 {row} 行：{sentence}" : sentence;
        }
    }

    /// <summary>Every field error, each as its Chinese sentence (a form shows them beside the fields).</summary>
    public IEnumerable<string> Messages =>
        Errors.Count == 0 ? [Message] : Errors.Select(e => ErrorCatalogue.Describe(e.Code, e.Field)).Distinct();

    public long? LongExtension(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.TryGetInt64(out var n)
            ? n
            : null;

    public static ApiProblem Parse(int status, string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement.Clone();
            var errors =
                root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray()
                        .Select(e => new ApiFieldError(Str(e, "field"), Str(e, "code") ?? "", Str(e, "message")))
                        .ToArray()
                    : [];
            return new ApiProblem(
                status,
                Str(root, "code") ?? Fallback(status),
                Str(root, "field"),
                Str(root, "detail"),
                root.TryGetProperty("row", out var r) && r.TryGetInt32(out var row) ? row : null,
                errors,
                root
            );
        }
        catch (JsonException)
        {
            return new ApiProblem(status, Fallback(status), null, null, null, [], default);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static string Fallback(int status) =>
        status switch
        {
            403 => "forbidden",
            404 => "not_found",
            409 => "conflict",
            429 => "rate_limited",
            503 => "database_unavailable",
            _ => "internal_error",
        };
}
