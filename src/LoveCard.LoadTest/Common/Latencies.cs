namespace LoveCard.LoadTest.Common;

/// <summary>
/// Latency recorder in the spirit of HdrHistogram: microseconds in log-linear buckets (under 1.6 %
/// relative error: 64 linear sub-buckets per power of two above 128 µs), lock-free recording, exact counts, so
/// percentiles of millions of samples cost a few kilobytes.
/// </summary>
public sealed class Latencies
{
    private const int SubBits = 7;
    private const int SubCount = 1 << SubBits;
    private readonly long[] _counts = new long[64 * SubCount];
    private long _total;
    private long _max;

    public long Count => Interlocked.Read(ref _total);

    public void Record(long micros)
    {
        micros = Math.Max(0, micros);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _total);
        long seen;
        while (
            micros > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, seen) != seen
        ) { }
    }

    public void Add(Latencies other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        _total += other._total;
        _max = Math.Max(_max, other._max);
    }

    /// <summary>The value at percentile <paramref name="p"/> (0–100), in milliseconds.</summary>
    public double PercentileMs(double p)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        if (p >= 100)
        {
            return _max / 1000.0;
        }

        var rank = (long)Math.Ceiling(p / 100.0 * total);
        rank = Math.Max(1, rank);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), _max) / 1000.0;
            }
        }

        return _max / 1000.0;
    }

    public object Summary() =>
        new
        {
            count = Count,
            p50Ms = Math.Round(PercentileMs(50), 3),
            p90Ms = Math.Round(PercentileMs(90), 3),
            p95Ms = Math.Round(PercentileMs(95), 3),
            p99Ms = Math.Round(PercentileMs(99), 3),
            p999Ms = Math.Round(PercentileMs(99.9), 3),
            maxMs = Math.Round(PercentileMs(100), 3),
        };

    private static int Index(long v)
    {
        if (v < SubCount)
        {
            return (int)v;
        }

        var magnitude = (int)(64 - long.LeadingZeroCount(v)) - SubBits; // >= 1
        var sub = (int)(v >> magnitude) & (SubCount - 1);
        return magnitude * SubCount + sub;
    }

    private static long UpperBound(int index)
    {
        // Bucket (magnitude m, sub s) holds [s << m, ((s + 1) << m) - 1]; s is 64–127 for m >= 1.
        var magnitude = index / SubCount;
        var sub = index % SubCount;
        return ((long)(sub + 1) << magnitude) - 1;
    }
}
