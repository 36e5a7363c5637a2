namespace LoveCard.Convergence.Tests;

/// <summary>Once per run: checks PostgreSQL and RabbitMQ, makes this assembly's database afresh, and stops the shared
/// world at the end.</summary>
[SetUpFixture]
public sealed class TestSetup
{
    [OneTimeSetUp]
    public Task StartInfrastructure() => TestInfrastructure.EnsureReadyAsync();

    [OneTimeTearDown]
    public Task StopTheWorld() => ConvergenceWorld.StopAsync();
}
