using LoveCard.Hosting.Messaging;

namespace LoveCard.Platform.Tests;

/// <summary>
/// When the outbox relay reads at once and when it lingers (ADR 0059); units, no servers. The signal is one per
/// process, so these tests only raise it and wait on it, as another relay of the test run would not notice.
/// </summary>
[TestFixture]
public sealed class Relaying_at_the_pace_of_events
{
    private static readonly TimeSpan Linger = OutboxRelay.Linger;

    [Test]
    public async Task A_write_signalled_while_the_relay_was_reading_wakes_it_at_once()
    {
        // The relay takes the version before its read; the writer raises the signal during the read (before its
        // commit, or with it); the relay then waits. Before ADR 0059 that raise was lost and the wait ran its whole
        // pause (up to 250 ms); a wait from the version seen before the read returns at once.
        var seen = OutboxSignal.Version;
        Outbox.Committed();

        var woken = await OutboxSignal
            .WaitAsync(seen, TimeSpan.FromSeconds(30), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(woken, Is.True);
    }

    [Test]
    public async Task A_relay_with_nothing_signalled_waits_out_its_pause()
    {
        var seen = OutboxSignal.Version;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var woken = await OutboxSignal.WaitAsync(seen, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        // Another test of this run may raise the signal meanwhile (a relay's writer): then the wait ends early, and
        // says so; a wait that says it timed out must have waited its pause.
        if (!woken)
        {
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90)));
        }
        else
        {
            Assert.That(OutboxSignal.Version, Is.Not.EqualTo(seen), "woken, so something raised the signal");
        }
    }

    [Test]
    public async Task A_raise_during_the_wait_ends_it()
    {
        var seen = OutboxSignal.Version;
        var wait = OutboxSignal.WaitAsync(seen, TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(20);
        Outbox.Committed();

        Assert.That(await wait.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);
    }

    [Test]
    public void A_lone_suspension_is_not_held_back_by_the_linger()
    {
        // R4's pattern: a suspension and a resumption every 50 ms or so, about 40 events a second.
        var pace = new RelayPace();
        var at = TimeSpan.FromSeconds(100);
        for (var i = 0; i < 100; i++)
        {
            at += TimeSpan.FromMilliseconds(25);
            pace.Published(1, at);
        }

        Assert.Multiple(() =>
        {
            Assert.That(pace.RowsPerSecond(at), Is.InRange(30, 50));
            Assert.That(pace.WorthLingering(Linger, at), Is.False);
        });
    }

    [Test]
    public void Purchases_at_lunchtime_are_batched_as_before()
    {
        // 200 events a second (R1's pace on two cores), in rounds of five after each 20 ms linger.
        var pace = new RelayPace();
        var at = TimeSpan.FromSeconds(100);
        for (var i = 0; i < 100; i++)
        {
            at += TimeSpan.FromMilliseconds(25);
            pace.Published(5, at);
        }

        Assert.Multiple(() =>
        {
            Assert.That(pace.RowsPerSecond(at), Is.InRange(180, 230));
            Assert.That(pace.WorthLingering(Linger, at), Is.True);
            Assert.That(pace.WorthLingering(Linger, at + TimeSpan.FromMilliseconds(50)), Is.True, "a short gap");
        });
    }

    [Test]
    public void After_a_quiet_spell_the_first_event_leaves_at_once()
    {
        var pace = new RelayPace();
        var at = TimeSpan.FromSeconds(100);
        for (var i = 0; i < 100; i++)
        {
            at += TimeSpan.FromMilliseconds(10);
            pace.Published(500, at);
        }

        Assert.Multiple(() =>
        {
            Assert.That(pace.WorthLingering(Linger, at), Is.True, "a roster's events");
            Assert.That(pace.WorthLingering(Linger, at + TimeSpan.FromSeconds(15)), Is.False, "15 s later");
        });
    }
}
