namespace LoveCard.Identity.SignIn;

/// <summary>The <c>Identity:SignIn</c> section: lockout per account and per client address, SMS codes.</summary>
public sealed class SignInOptions
{
    /// <summary>Wrong passwords or codes in a row before the account locks.</summary>
    public int MaxFailures { get; set; } = 5;

    public int LockMinutes { get; set; } = 15;

    /// <summary>Failed sign-ins from one address within the window before the address is refused.</summary>
    public int AddressMaxFailures { get; set; } = 30;

    public int AddressWindowMinutes { get; set; } = 15;

    public int SmsCodeMinutes { get; set; } = 5;

    public int SmsResendSeconds { get; set; } = 60;

    public int SmsMaxAttempts { get; set; } = 5;

    /// <summary>Development SMS sender: where the messages go (one line each).</summary>
    public string SmsOutboxFile { get; set; } = Path.Combine(".run", "sms.log");
}
