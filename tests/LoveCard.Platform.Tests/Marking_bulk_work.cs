using LoveCard.Hosting.Messaging;

namespace LoveCard.Platform.Tests;

/// <summary>The per-process mark the outbox relay waits behind (ADR 0008); units, no servers.</summary>
[TestFixture]
public sealed class Marking_bulk_work
{
    [Test]
    public void The_relay_yields_only_while_some_bulk_work_is_marked()
    {
        var bulkWork = new BulkWork();
        Assert.That(bulkWork.RelayShouldYield, Is.False, "nothing marked");

        var first = bulkWork.Begin();
        var second = bulkWork.Begin();
        Assert.That(bulkWork.RelayShouldYield, Is.True);

        first.Dispose();
        first.Dispose(); // a second dispose of the same mark must not end the other one
        Assert.That(bulkWork.RelayShouldYield, Is.True, "one import still runs");

        second.Dispose();
        Assert.That(bulkWork.RelayShouldYield, Is.False, "every mark ended");
    }

    [Test]
    public async Task The_relay_stops_yielding_after_the_longest_wait_even_if_the_work_goes_on()
    {
        var bulkWork = new BulkWork(maxYield: TimeSpan.FromMilliseconds(200));
        using var mark = bulkWork.Begin();
        Assert.That(bulkWork.RelayShouldYield, Is.True);

        await Task.Delay(400);
        Assert.That(
            bulkWork.RelayShouldYield,
            Is.False,
            "an import that never ends must not hold every event of its service back"
        );
    }

    [Test]
    public async Task Back_to_back_imports_count_as_one_stretch()
    {
        var bulkWork = new BulkWork(maxYield: TimeSpan.FromMilliseconds(300));
        bulkWork.Begin().Dispose();
        await Task.Delay(200);
        using var next = bulkWork.Begin();
        await Task.Delay(200);
        Assert.That(
            bulkWork.RelayShouldYield,
            Is.False,
            "the second import began within 5 s of the first: the wait counts from the first"
        );
    }
}
