namespace LoveCard.Whitelist.Providers;

/// <summary>
/// The 18-character unified social credit code (统一社会信用代码, GB 32100-2015) that identifies a
/// provider (DOMAIN.md §4). Characters 9–17 are an organisation code (组织机构代码, GB 11714) with
/// its own check character; character 18 checks the first 17.
/// </summary>
public static class UnifiedSocialCreditCode
{
    /// <summary>GB 32100 leaves out I, O, S, V and Z so codes cannot be misread.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public const int Length = 18;

    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public enum Result
    {
        Valid,

        /// <summary>Not 18 characters of the alphabet: never admissible, not even by override.</summary>
        Malformed,

        /// <summary>Well-formed, but the organisation code's check (character 17) fails.</summary>
        OrganisationCheckFailed,

        /// <summary>Well-formed, but the final check character fails.</summary>
        CheckFailed,
    }

    /// <summary>Trims and upper-cases, as codes are often typed in lower case.</summary>
    public static string Normalise(string code) => code.Trim().ToUpperInvariant();

    public static bool IsValid(string code) => Check(code) == Result.Valid;

    public static Result Check(string code)
    {
        if (code.Length != Length || code.Any(c => Alphabet.IndexOf(c, StringComparison.Ordinal) < 0))
        {
            return Result.Malformed;
        }

        if (OrganisationCheckCharacter(code.AsSpan(8, 8)) != code[16])
        {
            return Result.OrganisationCheckFailed;
        }

        return CheckCharacter(code.AsSpan(0, 17)) == code[17] ? Result.Valid : Result.CheckFailed;
    }

    /// <summary>
    /// The 18th character: <c>(31 - Σ value(cᵢ)·(3ⁱ mod 31) mod 31) mod 31</c> over the first 17,
    /// read in the alphabet (GB 32100-2015 §4.2).
    /// </summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        var weight = 1; // 3^0 mod 31
        foreach (var c in first17)
        {
            sum += Alphabet.IndexOf(c, StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }

        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>
    /// The organisation code's check (GB 11714): weights 3 7 9 10 5 8 4 2 over the 8 body characters,
    /// digits at face value and letters A=10 … Z=35; <c>11 - Σ mod 11</c>, where 10 is <c>X</c> and 11 is <c>0</c>.
    /// </summary>
    public static char OrganisationCheckCharacter(ReadOnlySpan<char> body8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            var value = c is >= '0' and <= '9' ? c - '0' : c - 'A' + 10;
            sum += value * OrganisationWeights[i];
        }

        return (11 - sum % 11) switch
        {
            10 => 'X',
            11 => '0',
            var d => (char)('0' + d),
        };
    }
}
