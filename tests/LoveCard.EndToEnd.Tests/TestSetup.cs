namespace LoveCard.EndToEnd.Tests;

/// <summary>Once per run: checks PostgreSQL and RabbitMQ and makes this assembly's database afresh.</summary>
[SetUpFixture]
public sealed class TestSetup
{
    [OneTimeSetUp]
    public Task StartInfrastructure() => TestInfrastructure.EnsureReadyAsync();
}
