using Polly;
using Polly.Retry;

namespace LoveCard.Hosting;

/// <summary>The Polly pipelines the platform shares.</summary>
public static class Resilience
{
    /// <summary>
    /// Retries for as long as the host runs, with jittered exponential backoff from 200 ms to 5 s: for
    /// start-up work and relays that must wait out a database or broker outage and recover by themselves.
    /// </summary>
    public static ResiliencePipeline RetryForever(Func<Exception, bool> shouldRetry, Action<int, Exception?> onRetry) =>
        new ResiliencePipelineBuilder()
            .AddRetry(
                new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle(shouldRetry),
                    MaxRetryAttempts = int.MaxValue,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = TimeSpan.FromSeconds(5),
                    OnRetry = args =>
                    {
                        onRetry(args.AttemptNumber + 1, args.Outcome.Exception);
                        return ValueTask.CompletedTask;
                    },
                }
            )
            .Build();
}
