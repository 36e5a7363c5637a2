using LoveCard.Eligibility.Tests.Integration;

namespace LoveCard.Eligibility.Tests;

/// <summary>Once per run: checks PostgreSQL and RabbitMQ and makes this assembly's database afresh; at the end,
/// stops the service the integration fixtures share.</summary>
[SetUpFixture]
public sealed class TestSetup
{
    [OneTimeSetUp]
    public Task StartInfrastructure() => TestInfrastructure.EnsureReadyAsync();

    [OneTimeTearDown]
    public Task StopSharedService() => SharedService.StopAsync();
}
