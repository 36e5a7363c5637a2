using System.Security.Cryptography;
using Dapper;
using LoveCard.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LoveCard.Settlement.Tests.Statements;

/// <summary>
/// One settlement service for the back office's fixtures, on a <see cref="FakeTimeProvider"/> at
/// the real time (the months the tests close are in the past). Purchases are written straight into
/// the core's tables by <see cref="BackOfficeData"/>: these tests are about statements, clearing and
/// supervision, not the purchase path.
/// </summary>
public static class BackOfficeWorld
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ServiceHost? _host;

    public static readonly FakeTimeProvider Clock = new(DateTimeOffset.UtcNow);

    public static ServiceHost Host =>
        _host ?? throw new InvalidOperationException("Call BackOfficeWorld.StartAsync first.");

    public static async Task<ServiceHost> StartAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _host ??= await ServiceHost.StartAsync(
                SettlementApp.Create,
                new Dictionary<string, string?> { ["environment"] = "Development", ["Database:MaxPoolSize"] = "20" },
                Clock
            );
            return _host;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    public static Task<NpgsqlConnection> OpenAsync() => Database.OpenAsync(Host.Schema);

    private static int _counter = RandomNumberGenerator.GetInt32(100, 900);

    /// <summary>A county code no other test uses (6 digits starting 8, so no real one and none of the core's
    /// 9xxxxx).</summary>
    public static string NewCounty() =>
        TestCounties.Register(
            "8" + Interlocked.Increment(ref _counter).ToString("D5", System.Globalization.CultureInfo.InvariantCulture)
        );

    /// <summary>An Asia/Shanghai wall-clock time as an instant.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour = 12, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(8));

    public static async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }
}
