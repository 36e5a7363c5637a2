using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace LoveCard.Hosting.Telemetry;

/// <summary>
/// Shows the services' own meters (<c>LoveCard.Settlement</c>, …) on <c>/metrics</c> beside the
/// platform's prometheus-net series, named the same way: instrument <c>lovecard.purchases</c> becomes
/// <c>lovecard_purchases_total</c>, its tags labels. Observable gauges are read when Prometheus
/// scrapes, not on a timer. prometheus-net's own adapter, which forwarded every .NET meter of the
/// process on every measurement (ASP.NET Core's included), is switched off in its favour (ADR 0028).
/// </summary>
public sealed class PrometheusMeterBridge : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Collector> _collectors = new();
    private readonly object _scope;
    private volatile bool _disposed;

    /// <param name="scope">The <see cref="IMeterFactory"/> whose meters to show (one per service host).</param>
    public PrometheusMeterBridge(IMeterFactory scope)
    {
        _scope = scope;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (
                ReferenceEquals(instrument.Meter.Scope, _scope)
                && instrument.Meter.Name.StartsWith(LoveCardTelemetry.Prefix, StringComparison.Ordinal)
            )
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, m, tags, _) => Record(i, m, tags));
        _listener.SetMeasurementEventCallback<int>((i, m, tags, _) => Record(i, m, tags));
        _listener.SetMeasurementEventCallback<double>((i, m, tags, _) => Record(i, m, tags));
        _listener.Start();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            if (!_disposed)
            {
                _listener.RecordObservableInstruments();
            }
        });
    }

    /// <summary>
    /// Called once per process before the first scrape: prometheus-net would otherwise also forward
    /// every meter of the process (and poll .NET event counters) on its own.
    /// </summary>
    public static void SuppressDefaultAdapters() =>
        Metrics.SuppressDefaultMetrics(
            new SuppressDefaultMetricOptions
            {
                SuppressMeters = true,
                SuppressEventCounters = true,
                SuppressProcessMetrics = false,
                SuppressDebugMetrics = true,
            }
        );

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }

    /// <summary>
    /// On the measuring thread (a purchase's, for one), so it never throws: an instrument is expected to
    /// keep its tag names; a measurement that does not fit its series is dropped.
    /// </summary>
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        try
        {
            var values = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                values[i] = tags[i].Value?.ToString() ?? "";
            }

            if (!_collectors.TryGetValue(instrument, out var collector))
            {
                collector = _collectors.GetOrAdd(instrument, Create(instrument, TagNames(tags)));
            }

            switch (collector)
            {
                case Counter counter when IsObservable(instrument):
                    counter.WithLabels(values).IncTo(value);
                    break;
                case Counter counter:
                    counter.WithLabels(values).Inc(value);
                    break;
                case Gauge gauge when instrument is UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double>:
                    gauge.WithLabels(values).Inc(value);
                    break;
                case Gauge gauge:
                    gauge.WithLabels(values).Set(value);
                    break;
                case Histogram histogram:
                    histogram.WithLabels(values).Observe(value);
                    break;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            System.Diagnostics.Trace.WriteLine($"{instrument.Name}: measurement not shown on /metrics: {e.Message}");
        }
    }

    private static string[] TagNames(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = tags[i].Key.Replace('.', '_');
        }

        return names;
    }

    private static bool IsObservable(Instrument instrument) =>
        instrument is ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>;

    private static Collector Create(Instrument instrument, string[] labels)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        var help = instrument.Description ?? instrument.Name;
        return instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<double> =>
                Metrics.CreateCounter(name + "_total", help, labels),
            Histogram<long> or Histogram<int> or Histogram<double> => Metrics.CreateHistogram(name, help, labels),
            _ => Metrics.CreateGauge(name, help, labels),
        };
    }
}
