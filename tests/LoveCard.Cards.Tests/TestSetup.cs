using LoveCard.Cards;

namespace LoveCard.Cards.Tests;

/// <summary>
/// Once per run: checks PostgreSQL and RabbitMQ, makes this assembly's database afresh and starts
/// one cards service for every fixture (each test uses its own elders and counties, so they do not
/// interfere, and the run stays short on a 2-core machine).
/// </summary>
[SetUpFixture]
public sealed class TestSetup
{
    private static ServiceHost? _host;

    public static ServiceHost Host => _host ?? throw new InvalidOperationException("The cards service is not started.");

    /// <summary>The key file the service signs QR codes with (a fresh one per run).</summary>
    public static string QrKeyFile { get; } =
        Path.Combine(Path.GetTempPath(), $"lovecard-cards-tests-{Guid.NewGuid():N}", "qr-keys.json");

    [OneTimeSetUp]
    public async Task StartInfrastructure()
    {
        await TestInfrastructure.EnsureReadyAsync();
        _host = await ServiceHost.StartAsync(
            CardsApp.Create,
            new Dictionary<string, string?> { ["environment"] = "Development", ["Qr:KeyFile"] = QrKeyFile }
        );
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Directory.Delete(Path.GetDirectoryName(QrKeyFile)!, recursive: true);
    }
}
