namespace LoveCard.Hosting.PersonalData;

/// <summary>
/// One spelling of a mobile number, so that the keyed hash the cards service publishes for a family
/// agent and the one identity computes when the agent signs in are the same.
/// </summary>
public static class PhoneNumbers
{
    /// <summary>Digits only, without a leading +86 / 0086; null when what is left is not 5 to 20 digits.</summary>
    public static string? Normalise(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (phone.TrimStart().StartsWith('+') && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        else if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }

        return digits.Length is >= 5 and <= 20 ? digits : null;
    }

    /// <summary>A mainland mobile number: 11 digits starting with 1.</summary>
    public static bool IsMobile(string normalised) => normalised.Length == 11 && normalised[0] == '1';
}
