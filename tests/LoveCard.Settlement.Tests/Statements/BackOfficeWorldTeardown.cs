namespace LoveCard.Settlement.Tests;

/// <summary>Stops the back office's host after every fixture of the assembly ran (root namespace, so after all of
/// them).</summary>
[SetUpFixture]
public sealed class BackOfficeWorldTeardown
{
    [OneTimeTearDown]
    public Task StopAsync() => Statements.BackOfficeWorld.StopAsync();
}
