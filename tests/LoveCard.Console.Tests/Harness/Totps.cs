using OtpNet;

namespace LoveCard.Console.Tests.Harness;

/// <summary>
/// TOTP codes for the journeys' sign-ins. Identity accepts a code once and at most one step ahead,
/// so each code here is of a step no sign-in has used yet, waiting for the clock when needed.
/// </summary>
public static class Totps
{
    private static readonly Dictionary<string, long> LastStep = [];
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The demo seed signed every account in once: its codes are spent up to now.</summary>
    public static void Spent(string secret) => LastStep[secret] = Step(DateTimeOffset.UtcNow);

    public static async Task<string> NextAsync(string secret)
    {
        await Gate.WaitAsync();
        try
        {
            var now = Step(DateTimeOffset.UtcNow);
            var step = LastStep.TryGetValue(secret, out var last) ? Math.Max(now, last + 1) : now;
            while (step > Step(DateTimeOffset.UtcNow) + 1)
            {
                await Task.Delay(1000);
            }

            LastStep[secret] = step;
            var at = DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime;
            return new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static long Step(DateTimeOffset at) => at.ToUnixTimeSeconds() / 30;
}
