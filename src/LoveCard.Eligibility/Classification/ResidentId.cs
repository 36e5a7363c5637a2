using System.Globalization;

namespace LoveCard.Eligibility.Classification;

/// <summary>
/// An 18-character resident identity number (居民身份号码, GB 11643-1999): 6-digit address code,
/// 8-digit birth date, 3-digit sequence (odd for men, even for women), and an ISO 7064 MOD 11-2
/// check character (DOMAIN.md §2). It is also the elder's social-security number.
/// </summary>
public sealed record ResidentId(string Number, DateOnly BirthDate, string Sex)
{
    /// <summary>A resident ID number's characters (GB 11643-1999).</summary>
    public const int Length = 18;

    public const string Male = "male";
    public const string Female = "female";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckMap = "10X98765432";

    // Province-level division codes (GB/T 2260) that can head an address code.
    private static readonly HashSet<int> Provinces =
    [
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
        71,
        81,
        82,
    ];

    /// <summary>The birth date of a number that was valid when stored (the 8 digits after the address code).</summary>
    public static DateOnly BirthDateOf(string number) =>
        DateOnly.ParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses <paramref name="raw"/> (surrounding blanks ignored, a lower-case <c>x</c> read as <c>X</c>).
    /// On failure returns null with a stable <paramref name="errorCode"/>: <c>id_length</c>,
    /// <c>id_format</c>, <c>id_address</c>, <c>id_birth_date</c> or <c>id_check</c>.
    /// </summary>
    public static ResidentId? TryParse(string? raw, DateOnly? today, out string errorCode)
    {
        errorCode = "";
        var s = (raw ?? "").Trim();
        if (s.Length != Length)
        {
            errorCode = "id_length";
            return null;
        }

        Span<char> chars = stackalloc char[18];
        s.AsSpan().CopyTo(chars);
        if (chars[17] == 'x')
        {
            chars[17] = 'X';
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(chars[i]))
            {
                errorCode = "id_format";
                return null;
            }
        }

        if (!char.IsAsciiDigit(chars[17]) && chars[17] != 'X')
        {
            errorCode = "id_format";
            return null;
        }

        var province = (chars[0] - '0') * 10 + (chars[1] - '0');
        if (!Provinces.Contains(province))
        {
            errorCode = "id_address";
            return null;
        }

        if (
            !DateOnly.TryParseExact(
                chars.Slice(6, 8),
                "yyyyMMdd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var birth
            )
            || birth.Year < 1850
            || (today is { } t && birth > t)
        )
        {
            errorCode = "id_birth_date";
            return null;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (chars[i] - '0') * Weights[i];
        }

        if (CheckMap[sum % 11] != chars[17])
        {
            errorCode = "id_check";
            return null;
        }

        var sex = (chars[16] - '0') % 2 == 1 ? Male : Female;
        return new ResidentId(new string(chars), birth, sex);
    }

    /// <summary>The check character for the first 17 characters (used by generators and tests).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckMap[sum % 11];
    }

    /// <summary>The first 17 digits as a number: an exact, compact key for duplicate checks within one
    /// roster.</summary>
    public long Key => long.Parse(Number.AsSpan(0, 17), CultureInfo.InvariantCulture);
}
