namespace LoveCard.Hosting.Jobs;

/// <summary>When a job is due.</summary>
public abstract record JobSchedule
{
    /// <summary>Due when <paramref name="interval"/> has passed since it last started.</summary>
    public static JobSchedule Every(TimeSpan interval) => new EverySchedule(interval);

    /// <summary>Due once a day at <paramref name="time"/> on the Asia/Shanghai clock, and caught up at start if a day
    /// was missed.</summary>
    public static JobSchedule DailyAt(TimeOnly time) => new DailySchedule(time);

    public abstract bool IsDue(DateTimeOffset now, DateTimeOffset? lastStarted);

    private sealed record EverySchedule(TimeSpan Interval) : JobSchedule
    {
        public override bool IsDue(DateTimeOffset now, DateTimeOffset? lastStarted) =>
            lastStarted is null || now - lastStarted.Value >= Interval;
    }

    private sealed record DailySchedule(TimeOnly Time) : JobSchedule
    {
        public override bool IsDue(DateTimeOffset now, DateTimeOffset? lastStarted)
        {
            var local = Shanghai.ToLocal(now);
            var today = Shanghai.At(DateOnly.FromDateTime(local.DateTime), Time);
            var latestSlot = today <= now ? today : today.AddDays(-1);
            return lastStarted is null || lastStarted.Value < latestSlot;
        }
    }
}
