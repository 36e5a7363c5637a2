namespace LoveCard.Console.Formatting;

/// <summary>
/// Personal data as the services answer it is already masked; these apply the same rule again to
/// anything the console shows, so a value that arrives unmasked (a slip in a service) still is
/// not shown in full (DOMAIN.md §6: 王*华, 330102********123X, 138****5678).
/// </summary>
public static class Masks
{
    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('*', StringComparison.Ordinal))
        {
            return name ?? "";
        }

        return name.Length switch
        {
            1 => name,
            2 => name[0] + "*",
            _ => name[0] + new string('*', name.Length - 2) + name[^1],
        };
    }

    public static string IdNumber(string? id) =>
        id is { Length: 18 } && !id.Contains('*', StringComparison.Ordinal)
            ? id[..6] + new string('*', 8) + id[14..]
            : id ?? "";

    public static string Phone(string? phone) =>
        phone is { Length: >= 7 } && !phone.Contains('*', StringComparison.Ordinal)
            ? phone[..3] + "****" + phone[^4..]
            : phone ?? "";
}
