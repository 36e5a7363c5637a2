namespace LoveCard.Identity.SignIn;

/// <summary>
/// What a staff password must be (docs/identity.md): at least 12 characters, three of the four
/// kinds (lower case, upper case, digits, symbols), not the user name, not a well-known password.
/// Returns the zh-CN reasons it fails, empty when it passes.
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;

    private static readonly string[] WellKnown =
    [
        "password1234",
        "Password1234",
        "P@ssw0rd1234",
        "123456789012",
        "qwertyuiop12",
        "1qaz2wsx3edc",
        "Passw0rd!234",
        "Abcd1234!@#$",
        "lovecard1234",
        "Lovecard@123",
    ];

    public static IReadOnlyList<string> Check(string? password, string? userName)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            problems.Add($"密码至少需要 {MinimumLength} 个字符。");
            return problems;
        }

        if (password.Length > 128)
        {
            problems.Add("密码最多 128 个字符。");
        }

        var kinds = new[]
        {
            password.Any(char.IsLower),
            password.Any(char.IsUpper),
            password.Any(char.IsDigit),
            password.Any(c => !char.IsLetterOrDigit(c)),
        }.Count(k => k);
        if (kinds < 3)
        {
            problems.Add("密码需包含小写字母、大写字母、数字、符号中的至少三类。");
        }

        if (userName is { Length: > 0 } && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("密码不能包含用户名。");
        }

        if (WellKnown.Any(w => string.Equals(w, password, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add("这是常见密码，请换一个。");
        }

        return problems;
    }
}
