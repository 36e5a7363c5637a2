using LoveCard.Hosting.Jobs;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// Rotates the signing key when the newest is older than <c>Identity:SigningKeys:RotateAfterDays</c>:
/// the new key is published at once and signs after the publication lead; the old one stays in the
/// JWKS for a day after that (docs/identity.md "Key rotation").
/// </summary>
public sealed class SigningKeyRotationJob(
    TokenKeyStore store,
    TokenKeyRing ring,
    IdentityServerOptions options,
    ILogger<SigningKeyRotationJob> logger
) : IScheduledJob
{
    public string Name => "identity-signing-key-rotation";

    public JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromHours(6));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        // Before the first load the first key may be in the making: judging its age now would roll it over at birth.
        if (!ring.IsLoaded)
        {
            return;
        }

        if (
            await store.NewestSigningKeyAsync(ct) is { } newest
            && now - newest < TimeSpan.FromDays(options.SigningKeys.RotateAfterDays)
        )
        {
            return;
        }

        var keyId = await store.RotateSigningKeyAsync(ct);
        ring.Load(await store.LoadAsync(ct));
        logger.LogInformation(
            "Signing key {KeyId} published; it signs from {SignsFrom}",
            keyId,
            now.AddMinutes(options.SigningKeys.PublishBeforeUseMinutes)
        );
    }
}
