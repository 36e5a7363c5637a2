using System.Security.Cryptography;
using System.Text;
using Dapper;
using LoveCard.Identity.SignIn;
using Npgsql;

namespace LoveCard.Identity.Sms;

/// <summary>
/// One-time SMS codes: six digits, valid a few minutes, one new code a minute per number, a few
/// wrong tries before the code is spent. Stored as a hash next to the number's keyed hash.
/// </summary>
public sealed class SmsCodes(NpgsqlDataSource dataSource, ISmsSender sender, SignInOptions options, TimeProvider time)
{
    public enum SendOutcome
    {
        Sent,
        TooSoon,
    }

    public async Task<SendOutcome> SendAsync(string phone, string phoneHash, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var code = RandomNumberGenerator
            .GetInt32(0, 1_000_000)
            .ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        const string sql = """
            INSERT INTO sms_codes (phone_hash, code_hash, sent_at, expires_at, attempts)
            VALUES (@phoneHash, @codeHash, @now, @expiresAt, 0)
            ON CONFLICT (phone_hash) DO UPDATE
                SET code_hash = @codeHash, sent_at = @now, expires_at = @expiresAt, attempts = 0
            WHERE sms_codes.sent_at <= @resendAfter
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var written = await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    phoneHash,
                    codeHash = Hash(phoneHash, code),
                    now,
                    expiresAt = now.AddMinutes(options.SmsCodeMinutes),
                    resendAfter = now.AddSeconds(-options.SmsResendSeconds),
                },
                cancellationToken: ct
            )
        );
        if (written == 0)
        {
            return SendOutcome.TooSoon;
        }

        var text = $"【爱心卡】您的登录验证码是 {code}，{options.SmsCodeMinutes} 分钟内有效。请勿告诉他人。";
        await sender.SendAsync(phone, text, ct);
        return SendOutcome.Sent;
    }

    /// <summary>True once for the right code within its time; a wrong code spends one of the tries.</summary>
    public async Task<bool> VerifyAsync(string phoneHash, string? code, CancellationToken ct)
    {
        var digits = code?.Trim();
        const string spend = """
            UPDATE sms_codes SET attempts = attempts + 1
            WHERE phone_hash = @phoneHash AND expires_at > @now AND attempts < @max
            RETURNING code_hash
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var stored = await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(
                spend,
                new
                {
                    phoneHash,
                    now = time.GetUtcNow(),
                    max = options.SmsMaxAttempts,
                },
                cancellationToken: ct
            )
        );
        if (
            stored is null
            || digits is not { Length: 6 }
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(stored),
                Encoding.ASCII.GetBytes(Hash(phoneHash, digits))
            )
        )
        {
            return false;
        }

        await connection.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM sms_codes WHERE phone_hash = @phoneHash",
                new { phoneHash },
                cancellationToken: ct
            )
        );
        return true;
    }

    private static string Hash(string phoneHash, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(phoneHash + ":" + code)));
}
