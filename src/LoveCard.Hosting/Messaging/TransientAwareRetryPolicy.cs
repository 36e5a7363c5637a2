using LoveCard.Hosting.Observability;
using MassTransit;
using MassTransit.RetryPolicies;
using Microsoft.Extensions.Logging;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The consumers' retry policy (ADR 0014). A transient failure (<see cref="TransientFailures"/>) is
/// retried in process, the delivery still unacknowledged, after a delay that grows from
/// <see cref="BusOptions.TransientRetryMinDelayMs"/> to <see cref="BusOptions.TransientRetryMaxDelayMs"/>,
/// for as long as it lasts. After <see cref="BusOptions.TransientRetryEpisodeMinutes"/> of one
/// episode the policy gives up the delivery and <see cref="TransientRequeueFilter"/> hands it back to
/// RabbitMQ, which redelivers it: a delivery kept longer than the broker's consumer timeout
/// (30 minutes) would close the channel. A deterministic failure is tried
/// <see cref="BusOptions.EffectiveRetryIntervalsMs"/> more times, then goes to the error queue.
/// </summary>
public sealed class TransientAwareRetryPolicy(BusOptions options, ILogger logger) : IRetryPolicy
{
    public RetryPolicyContext<T> CreatePolicyContext<T>(T context)
        where T : class, PipeContext => new PolicyContext<T>(this, context);

    public bool IsHandled(Exception exception) => true;

    public void Probe(ProbeContext context) =>
        context.Set(
            new
            {
                Policy = "transient-aware",
                options.TransientRetryMinDelayMs,
                options.TransientRetryMaxDelayMs,
                options.TransientRetryEpisodeMinutes,
                Deterministic = options.EffectiveRetryIntervalsMs,
            }
        );

    /// <summary>The delay before the next try, or null when the failure may not be retried (any more).</summary>
    internal (TimeSpan? Delay, Attempts Next) Decide(Attempts attempts, Exception exception, PipeContext context)
    {
        if (!TransientFailures.IsTransient(exception))
        {
            var intervals = options.EffectiveRetryIntervalsMs;
            var next = attempts with { Deterministic = attempts.Deterministic + 1 };
            return attempts.Deterministic < intervals.Length
                ? (TimeSpan.FromMilliseconds(intervals[attempts.Deterministic]), next)
                : (null, next);
        }

        var transient = attempts with { Transient = attempts.Transient + 1 };
        var queue = (context as ConsumeContext)?.ReceiveContext.InputAddress?.AbsolutePath.TrimStart('/') ?? "?";
        LoveCardMetrics.TransientRetries.WithLabels(queue).Inc();
        if (DateTime.UtcNow - attempts.EpisodeStarted > TimeSpan.FromMinutes(options.TransientRetryEpisodeMinutes))
        {
            logger.LogWarning(
                "{Queue}: transient failures for {Minutes} min ({Attempts} tries); back to the queue: {Error}",
                queue,
                options.TransientRetryEpisodeMinutes,
                transient.Transient,
                exception.Message
            );
            return (null, transient);
        }

        var growing = options.TransientRetryMinDelayMs * Math.Pow(2, Math.Min(attempts.Transient, 20));
        var baseMs = Math.Min(options.TransientRetryMaxDelayMs, growing);
        // Up to 20 % jitter, so the consumers of a recovering database do not all come back in step.
        var delay = TimeSpan.FromMilliseconds(baseMs * (1 + Random.Shared.NextDouble() * 0.2));
        if (transient.Transient == 1 || transient.Transient % 10 == 0)
        {
            logger.LogWarning(
                "{Queue}: transient failure (attempt {Attempt}), retrying in {DelayMs} ms: {Error}",
                queue,
                transient.Transient,
                (int)delay.TotalMilliseconds,
                exception.Message
            );
        }

        return (delay, transient);
    }

    /// <summary>What one delivery has been through so far.</summary>
    internal sealed record Attempts(DateTime EpisodeStarted, int Transient, int Deterministic);

    private sealed class PolicyContext<T>(TransientAwareRetryPolicy policy, T context)
        : BaseRetryPolicyContext<T>(policy, context)
        where T : class, PipeContext
    {
        public override bool CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            var (delay, next) = policy.Decide(new Attempts(DateTime.UtcNow, 0, 0), exception, Context);
            retryContext = new Retry<T>(policy, Context, exception, 0, delay, next, CancellationToken);
            return delay is not null && !CancellationToken.IsCancellationRequested;
        }

        protected override RetryContext<T> CreateRetryContext(
            Exception exception,
            CancellationToken cancellationToken
        ) => new Retry<T>(policy, Context, exception, 0, null, new Attempts(DateTime.UtcNow, 0, 0), cancellationToken);
    }

    private sealed class Retry<T>(
        TransientAwareRetryPolicy policy,
        T context,
        Exception exception,
        int retryCount,
        TimeSpan? delay,
        Attempts attempts,
        CancellationToken cancellationToken
    ) : BaseRetryContext<T>(context, exception, retryCount, cancellationToken), RetryContext<T>
        where T : class, PipeContext
    {
        public override TimeSpan? Delay => delay;

        public bool CanRetry(Exception failure, out RetryContext<T> retryContext)
        {
            var (next, after) = policy.Decide(attempts, failure, Context);
            retryContext = new Retry<T>(policy, Context, failure, RetryCount + 1, next, after, CancellationToken);
            return next is not null && !CancellationToken.IsCancellationRequested;
        }
    }
}
