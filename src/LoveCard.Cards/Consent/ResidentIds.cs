namespace LoveCard.Cards.Consent;

/// <summary>The 18-character resident ID (GB 11643-1999, DOMAIN.md §2): check character by ISO 7064 MOD 11-2.</summary>
public static class ResidentIds
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckMap = "10X98765432";

    /// <summary>The normalised ID (a lower-case <c>x</c> read as <c>X</c>), or null when it is not a valid ID
    /// number.</summary>
    public static string? Normalise(string? value)
    {
        var id = value?.Trim().ToUpperInvariant();
        if (id is not { Length: 18 } || id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * Weights[i];
        }

        return CheckMap[sum % 11] == id[17] ? id : null;
    }
}
