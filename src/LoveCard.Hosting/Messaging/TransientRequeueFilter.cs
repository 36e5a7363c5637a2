using System.Runtime.ExceptionServices;
using MassTransit;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// First filter of every consumer queue's error pipe (ADR 0014). A message that still fails
/// transiently when its retry episode ends is not poison: the exception is rethrown, so MassTransit
/// negatively acknowledges the delivery with requeue and RabbitMQ delivers it again (a new episode).
/// Any other failure goes on to the <c>_error</c> queue with the reason in headers:
/// <c>LoveCard-Failure</c> (<c>deterministic</c>) beside MassTransit's <c>MT-Fault-*</c> headers.
/// </summary>
public sealed class TransientRequeueFilter : IFilter<ExceptionReceiveContext>
{
    public const string FailureHeader = "LoveCard-Failure";

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        // A consumer cut short by shutdown is not poison either: the broker redelivers it.
        var stopping =
            context.Exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested;
        if (stopping || TransientFailures.IsTransient(context.Exception))
        {
            ExceptionDispatchInfo.Capture(context.Exception).Throw();
        }

        context.ExceptionHeaders.Set(FailureHeader, "deterministic");
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("loveCardTransientRequeue");
}
