namespace LoveCard.Testing;

/// <summary>NUnit categories the test script schedules by (<c>deploy/local/test.sh</c>).</summary>
public static class TestCategories
{
    /// <summary>
    /// The test stops, kills or restarts the shared PostgreSQL or RabbitMQ. The script runs these alone,
    /// after every other test, because they would break whatever else runs against the servers.
    /// </summary>
    public const string Disruptive = "Disruptive";
}
