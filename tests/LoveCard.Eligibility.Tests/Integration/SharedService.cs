using Microsoft.Extensions.Time.Testing;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>
/// One eligibility service (Development, no other setting, the real clock) for the fixtures that need nothing
/// else (ADR 0061), started by the first of them and stopped after the assembly's last fixture or when a fixture
/// starts a service of its own. Each of their tests makes its own county, elders and ids, so no fixture looks at
/// what another left. Those fixtures run first (<c>[Order(1)]</c>), so the shared service starts once.
/// </summary>
public static class SharedService
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ServiceHost? _host;

    public static async Task<ServiceHost> StartAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _host ??= await ServiceHost.StartAsync(EligibilityApp.Create, TestSettings.Development());
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// A service with the fixture's own settings or clock, started after the shared one is stopped: two
    /// eligibility services on one database both take up the same imports and jobs, so a test of how one of
    /// them imports (in batches of 7, or stopped halfway) would see the other's work.
    /// </summary>
    public static async Task<ServiceHost> StartOwnAsync(
        Dictionary<string, string?> settings,
        FakeTimeProvider? clock = null
    )
    {
        await StopAsync();
        return await ServiceHost.StartAsync(EligibilityApp.Create, settings, clock);
    }

    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
                _host = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
