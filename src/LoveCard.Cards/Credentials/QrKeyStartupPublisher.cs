using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Cards.Credentials;

/// <summary>On start-up, once the schema is migrated, publishes the keys not published yet.</summary>
public sealed class QrKeyStartupPublisher(
    QrKeyPublisher publisher,
    StartupGate gate,
    ILogger<QrKeyStartupPublisher> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitForDatabaseAsync(stoppingToken);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await publisher.PublishPendingAsync(Actor.System("cards-qr-keys"), stoppingToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Publishing QR keys failed (attempt {Attempt}): {Error}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }
}
