using LoveCard.Contracts;
using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.Core.Holds;

/// <summary>More meals today (this purchase's quantity included) than the county allows on one card.</summary>
public sealed class MealsPerDayHold : HoldRule
{
    public const string Name = "meals_per_day";

    /// <summary>Meals a day on one card: breakfast, lunch, dinner.</summary>
    public static readonly CountyThreshold MealsPerDay = new("meals_per_day", 3);

    public override string Code => Name;

    public override int CheckOrder => 1;

    public override IReadOnlyList<CountyThreshold> Thresholds { get; } = [MealsPerDay];

    public override bool Holds(HoldContext context) =>
        context.Item == ServiceItems.Meal && context.MealsTodayBefore + context.Quantity > context.MealsPerDayLimit;
}
