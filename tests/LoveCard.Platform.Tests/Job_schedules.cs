using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoveCard.Platform.Tests;

[TestFixture]
public sealed class Job_schedules
{
    private static readonly DateTimeOffset NineAmShanghai = new(2026, 11, 28, 9, 0, 0, Shanghai.Offset);

    [Test]
    public void A_daily_job_is_due_once_its_time_has_passed_on_the_Shanghai_clock()
    {
        var daily = JobSchedule.DailyAt(new TimeOnly(0, 5));
        Assert.Multiple(() =>
        {
            Assert.That(daily.IsDue(NineAmShanghai, lastStarted: null), Is.True, "never run");
            Assert.That(
                daily.IsDue(NineAmShanghai, lastStarted: new DateTimeOffset(2026, 11, 28, 0, 6, 0, Shanghai.Offset)),
                Is.False,
                "ran today after 00:05"
            );
            Assert.That(
                daily.IsDue(NineAmShanghai, lastStarted: new DateTimeOffset(2026, 11, 27, 23, 0, 0, Shanghai.Offset)),
                Is.True,
                "last ran yesterday"
            );
            // 00:03 Shanghai is still the previous day's slot: a run at 00:10 yesterday covers it.
            Assert.That(
                daily.IsDue(
                    new DateTimeOffset(2026, 11, 28, 0, 3, 0, Shanghai.Offset),
                    lastStarted: new DateTimeOffset(2026, 11, 27, 0, 10, 0, Shanghai.Offset)
                ),
                Is.False
            );
            // 16:06 UTC is 00:06 Shanghai the next day: due.
            Assert.That(
                daily.IsDue(
                    new DateTimeOffset(2026, 11, 27, 16, 6, 0, TimeSpan.Zero),
                    lastStarted: new DateTimeOffset(2026, 11, 27, 0, 10, 0, Shanghai.Offset)
                ),
                Is.True
            );
        });
    }

    [Test]
    public void An_interval_job_is_due_when_the_interval_has_passed_since_it_started()
    {
        var every = JobSchedule.Every(TimeSpan.FromMinutes(10));
        Assert.Multiple(() =>
        {
            Assert.That(every.IsDue(NineAmShanghai, NineAmShanghai.AddMinutes(-9)), Is.False);
            Assert.That(every.IsDue(NineAmShanghai, NineAmShanghai.AddMinutes(-10)), Is.True);
        });
    }

    [Test]
    public void Shanghai_months_turn_at_midnight_local_time()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                Shanghai.Period(new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero)),
                Is.EqualTo("2026-11")
            );
            Assert.That(
                Shanghai.Period(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero)),
                Is.EqualTo("2026-12")
            );
        });
    }
}
