namespace LoveCard.Demo.Accounts;

/// <summary>The token endpoint said no: the OAuth error code and its description.</summary>
public sealed class TokenRefusedException(string error, string description) : Exception($"{error}: {description}")
{
    public string Error { get; } = error;
}
