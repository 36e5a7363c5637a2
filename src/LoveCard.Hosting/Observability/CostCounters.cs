using System.Diagnostics.Metrics;
using Prometheus;

namespace LoveCard.Hosting.Observability;

/// <summary>
/// What one unit of work costs the process, on <c>/metrics</c> for the benchmarks' per-purchase counters
/// (docs/benchmarks.md): PostgreSQL round trips (Npgsql's operations: one per command or batch) and the bytes
/// they moved, counted by a listener on Npgsql's own meter, and the bytes the process allocated. prometheus-net
/// no longer forwards .NET meters (ADR 0028), so these are counted here: an interlocked add per round trip. The JIT's
/// time and methods say how much of the CPU is compiling rather than working (ADR 0049).
/// </summary>
public static class CostCounters
{
    private static readonly object Gate = new();
    private static MeterListener? _listener;
    private static long _operations;
    private static long _bytesWritten;
    private static long _bytesRead;

    private static readonly Counter Operations = Metrics.CreateCounter(
        "lovecard_npgsql_operations_total",
        "PostgreSQL round trips of this process (Npgsql operations: one per command or batch)."
    );

    private static readonly Counter BytesWritten = Metrics.CreateCounter(
        "lovecard_npgsql_bytes_written_total",
        "Bytes this process sent to PostgreSQL."
    );

    private static readonly Counter BytesRead = Metrics.CreateCounter(
        "lovecard_npgsql_bytes_read_total",
        "Bytes this process read from PostgreSQL."
    );

    private static readonly Counter Allocated = Metrics.CreateCounter(
        "lovecard_allocated_bytes_total",
        "Bytes allocated on the managed heap by this process."
    );

    private static readonly Counter JitSeconds = Metrics.CreateCounter(
        "lovecard_jit_compilation_seconds_total",
        "Time the JIT compiler spent compiling methods in this process (tiered recompilation included)."
    );

    private static readonly Counter JitMethods = Metrics.CreateCounter(
        "lovecard_jit_compiled_methods_total",
        "Methods the JIT compiled in this process (each tier counted; ReadyToRun code is not compiled)."
    );

    /// <summary>Starts counting, once per process.</summary>
    public static void Start()
    {
        lock (Gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (
                        instrument.Meter.Name == "Npgsql"
                        && instrument.Name
                            is "db.client.operation.duration"
                                or "db.client.operation.npgsql.bytes_written"
                                or "db.client.operation.npgsql.bytes_read"
                    )
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<double>((i, _, _, _) => Interlocked.Increment(ref _operations));
            _listener.SetMeasurementEventCallback<long>(
                (i, value, _, _) =>
                    Interlocked.Add(
                        ref i.Name.EndsWith("written", StringComparison.Ordinal) ? ref _bytesWritten : ref _bytesRead,
                        value
                    )
            );
            _listener.SetMeasurementEventCallback<int>(
                (i, value, _, _) =>
                    Interlocked.Add(
                        ref i.Name.EndsWith("written", StringComparison.Ordinal) ? ref _bytesWritten : ref _bytesRead,
                        value
                    )
            );
            _listener.Start();
            Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
            {
                Operations.IncTo(Interlocked.Read(ref _operations));
                BytesWritten.IncTo(Interlocked.Read(ref _bytesWritten));
                BytesRead.IncTo(Interlocked.Read(ref _bytesRead));
                Allocated.IncTo(GC.GetTotalAllocatedBytes());
                JitSeconds.IncTo(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);
                JitMethods.IncTo(System.Runtime.JitInfo.GetCompiledMethodCount());
            });
        }
    }
}
