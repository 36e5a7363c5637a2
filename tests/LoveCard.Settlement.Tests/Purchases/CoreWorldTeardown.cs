namespace LoveCard.Settlement.Tests;

/// <summary>Stops the core's shared settlement host after every fixture of the assembly ran.</summary>
[SetUpFixture]
public sealed class CoreWorldTeardown
{
    [OneTimeTearDown]
    public Task StopAsync() => Purchases.CoreWorld.StopAsync();
}
