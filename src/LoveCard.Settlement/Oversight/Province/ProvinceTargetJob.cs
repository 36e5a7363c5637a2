using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;

namespace LoveCard.Settlement.Oversight.Province;

/// <summary>Records the current month's measures every hour (ADR 0037), so a month's last record is its
/// month-end progress.</summary>
public sealed class ProvinceTargetJob(ProvinceTargetStore store) : IScheduledJob
{
    public string Name => "province-targets";

    public JobSchedule Schedule => JobSchedule.Every(TimeSpan.FromHours(1));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var figures = await store.MeasureAsync(Shanghai.Today(now), ct);
        await store.RecordAsync(Shanghai.Period(now), figures, now, ct);
    }
}
