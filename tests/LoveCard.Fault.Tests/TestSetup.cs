namespace LoveCard.Fault.Tests;

/// <summary>Once per run: checks PostgreSQL and RabbitMQ, makes this assembly's database afresh, and stops every
/// settlement process this run started.</summary>
[SetUpFixture]
public sealed class TestSetup
{
    [OneTimeSetUp]
    public Task StartInfrastructure() => TestInfrastructure.EnsureReadyAsync();

    [OneTimeTearDown]
    public Task StopEverything() => Harness.FaultWorld.StopAsync();
}
