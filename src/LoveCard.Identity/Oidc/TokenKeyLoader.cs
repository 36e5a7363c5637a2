using LoveCard.Hosting.Data;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// Once the schema is migrated: makes the first keys if there are none, registers the clients and the first province
/// admin, then
/// re-reads the shared keys every few seconds so a rotation made by any instance reaches all.
/// Until the first load the identity endpoints answer 503 (<see cref="IdentityReadyGate"/>).
/// </summary>
public sealed class TokenKeyLoader(
    StartupGate gate,
    TokenKeyStore store,
    TokenKeyRing ring,
    ClientRegistrar clients,
    Accounts.Bootstrap bootstrap,
    IdentityServerOptions options,
    ILogger<TokenKeyLoader> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitForDatabaseAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!ring.IsLoaded)
                {
                    await store.EnsureAsync(stoppingToken);
                    await clients.RegisterAsync(stoppingToken);
                    await bootstrap.EnsureAsync(stoppingToken);
                }

                ring.Load(await store.LoadAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not load the token keys; trying again");
            }

            await Task.Delay(
                TimeSpan.FromSeconds(ring.IsLoaded ? options.SigningKeys.ReloadSeconds : 1),
                stoppingToken
            );
        }
    }
}
