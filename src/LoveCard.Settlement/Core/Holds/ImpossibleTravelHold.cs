using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.Core.Holds;

/// <summary>The card at a place it could not have reached since its latest purchase at another provider (within a
/// day).</summary>
public sealed class ImpossibleTravelHold : HoldRule
{
    public const string Name = "impossible_travel";

    /// <summary>Faster than a bus between two sales.</summary>
    public static readonly CountyThreshold SpeedKmh = new("impossible_travel_kmh", 60);

    /// <summary>Closer than this is GPS noise or neighbouring counters.</summary>
    public static readonly CountyThreshold MinimumKm = new("impossible_travel_min_km", 2);

    public override string Code => Name;

    public override int CheckOrder => 2;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } = [SpeedKmh, MinimumKm];

    public override bool Holds(HoldContext context)
    {
        if (
            context.Previous is not { Location: { } from } previous
            || context.Location is not { } to
            || previous.ProviderId == context.ProviderId
        )
        {
            return false;
        }

        var km = TerminalHoldRules.DistanceKm(from, to);
        var hours = Math.Max((context.Now - previous.BookedAt).TotalHours, 1.0 / 60);
        return km >= context.TravelMinKm && km / hours > context.TravelKmhLimit;
    }
}
