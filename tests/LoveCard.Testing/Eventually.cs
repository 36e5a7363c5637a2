namespace LoveCard.Testing;

/// <summary>Awaits an asynchronous outcome for a bounded time (STYLE.md §9), then fails with what it last
/// saw.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task AssertAsync(
        Func<Task<bool>> condition,
        TimeSpan? timeout = null,
        Func<string>? because = null
    )
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e)
            {
                last = e;
            }

            if (DateTime.UtcNow > deadline)
            {
                NUnit.Framework.Assert.Fail(
                    $"Condition not met within {(timeout ?? DefaultTimeout).TotalSeconds}s: "
                        + $"{because?.Invoke() ?? "(no detail)"}{(last is null ? "" : $"; last error: {last.Message}")}"
                );
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until <paramref name="probe"/> returns a value that satisfies <paramref name="accept"/>, and
    /// returns it.</summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> accept,
        TimeSpan? timeout = null,
        string? what = null
    )
    {
        T value = default!;
        await AssertAsync(async () => accept(value = await probe()), timeout, () => $"{what ?? "value"} was {value}");
        return value;
    }
}
