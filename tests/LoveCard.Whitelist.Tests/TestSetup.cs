namespace LoveCard.Whitelist.Tests;

/// <summary>Once per run: checks PostgreSQL and RabbitMQ and makes this assembly's database afresh; stops the shared
/// host at the end.</summary>
[SetUpFixture]
public sealed class TestSetup
{
    [OneTimeSetUp]
    public Task StartInfrastructure() => TestInfrastructure.EnsureReadyAsync();

    [OneTimeTearDown]
    public Task StopHost() => WhitelistService.StopAsync();
}
