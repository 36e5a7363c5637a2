using LoveCard.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// <c>GET /terminal/v1/time</c>: server time for terminals to set their clocks. Unsigned on
/// purpose: a terminal whose clock is more than 300 s off cannot make a signed request
/// (<c>timestamp_skew</c>), so it must be able to read the time without one.
/// </summary>
public static class TerminalTimeApi
{
    public static RouteGroupBuilder MapTerminalTimeApi(this RouteGroupBuilder terminal)
    {
        terminal
            .MapGet("/time", GetTime)
            .WithSummary("Read the server time")
            .AllowUnsignedTerminal()
            .WithName("GetTerminalTime");
        return terminal;
    }

    /// <param name="ServerTime">Asia/Shanghai (+08:00), to the millisecond.</param>
    public sealed record TimeResponse(DateTimeOffset ServerTime, long UnixSeconds);

    public static Ok<TimeResponse> GetTime(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var local = Shanghai.ToLocal(now);
        var truncated = local.AddTicks(-(local.Ticks % TimeSpan.TicksPerMillisecond));
        return TypedResults.Ok(new TimeResponse(truncated, now.ToUnixTimeSeconds()));
    }
}
