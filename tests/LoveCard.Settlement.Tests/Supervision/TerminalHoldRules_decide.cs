using Dapper;
using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Tests.Statements;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>The rules that hold a purchase at the terminal (held_for_review), as a pure function, and the query that
/// feeds it.</summary>
public sealed class TerminalHoldRules_decide
{
    private static readonly DateTimeOffset Now = Local(2026, 4, 20, 12);
    private static readonly Guid Here = Guid.NewGuid();

    private static HoldContext Context(
        string item = "meal",
        int quantity = 1,
        long mealsToday = 0,
        PreviousPurchase? previous = null
    ) =>
        new(
            item,
            quantity,
            Here,
            Now,
            new GeoPoint(30.27, 120.15),
            mealsToday,
            MealsPerDayLimit: 3,
            previous,
            TravelKmhLimit: 60,
            TravelMinKm: 2
        );

    [Test]
    public void A_fourth_meal_is_held() =>
        Assert.That(TerminalHoldRules.ShouldHold(Context(mealsToday: 3)), Is.EqualTo("meals_per_day"));

    [Test]
    public void Two_meals_bought_at_once_over_the_limit_are_held() =>
        Assert.That(TerminalHoldRules.ShouldHold(Context(mealsToday: 2, quantity: 2)), Is.EqualTo("meals_per_day"));

    [Test]
    public void A_third_meal_passes() => Assert.That(TerminalHoldRules.ShouldHold(Context(mealsToday: 2)), Is.Null);

    [Test]
    public void Other_items_do_not_count_as_meals() =>
        Assert.That(TerminalHoldRules.ShouldHold(Context(item: "bath", mealsToday: 5)), Is.Null);

    [Test]
    public void A_card_that_was_250_km_away_half_an_hour_ago_is_held() =>
        Assert.That(
            TerminalHoldRules.ShouldHold(
                Context(
                    previous: new PreviousPurchase(
                        Guid.NewGuid(),
                        Guid.NewGuid(),
                        Now.AddMinutes(-30),
                        new GeoPoint(28.0, 120.67)
                    )
                )
            ),
            Is.EqualTo("impossible_travel")
        );

    [Test]
    public void A_card_that_was_there_six_hours_ago_passes() =>
        Assert.That(
            TerminalHoldRules.ShouldHold(
                Context(
                    previous: new PreviousPurchase(
                        Guid.NewGuid(),
                        Guid.NewGuid(),
                        Now.AddHours(-6),
                        new GeoPoint(28.0, 120.67)
                    )
                )
            ),
            Is.Null
        );

    [Test]
    public void A_previous_purchase_without_a_place_passes() =>
        Assert.That(
            TerminalHoldRules.ShouldHold(
                Context(previous: new PreviousPurchase(Guid.NewGuid(), Guid.NewGuid(), Now.AddMinutes(-1), null))
            ),
            Is.Null
        );

    [Test]
    public void The_distance_is_the_great_circle() =>
        Assert.That(
            TerminalHoldRules.DistanceKm(new GeoPoint(30.27, 120.15), new GeoPoint(28.0, 120.67)),
            Is.EqualTo(258).Within(5)
        );

    [Test]
    public async Task The_context_is_loaded_inside_the_purchase_transaction()
    {
        await StartAsync();
        var county = NewCounty();
        await BackOfficeData.AddFundsAsync(county, county + "001");
        var far = await BackOfficeData.AddProviderAsync(county);
        var here = await BackOfficeData.AddProviderAsync(county);
        var terminal = await BackOfficeData.AddTerminalAsync(here, county, 30.27, 120.15);
        var card = Guid.NewGuid();
        var now = Clock.GetUtcNow();
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SELECT 1", transaction: transaction);
        await BackOfficeData.BookAsync(
            connection,
            new PurchaseSpec(
                far,
                county,
                Guid.NewGuid(),
                card,
                county,
                county + "001",
                now.AddMinutes(-20),
                500,
                0,
                0,
                500,
                Lat: 28.0,
                Lon: 120.67
            )
        );
        await BackOfficeData.BookAsync(
            connection,
            new PurchaseSpec(
                here,
                county,
                Guid.NewGuid(),
                card,
                county,
                county + "001",
                now.AddMinutes(-10),
                500,
                0,
                0,
                500
            )
        );

        var expectedMeals = new[] { now.AddMinutes(-20), now.AddMinutes(-10) }.Count(t => Shanghai(t) == Shanghai(now));
        var ctx = await HoldContextQuery.LoadAsync(
            connection,
            transaction,
            card,
            here,
            county,
            terminal,
            "meal",
            1,
            null,
            now,
            CancellationToken.None
        );
        Assert.Multiple(() =>
        {
            Assert.That(ctx.MealsTodayBefore, Is.EqualTo(expectedMeals));
            Assert.That(ctx.MealsPerDayLimit, Is.EqualTo(3));
            Assert.That(
                ctx.Location,
                Is.EqualTo(new GeoPoint(30.27, 120.15)),
                "the terminal's place when the purchase sent none"
            );
            Assert.That(ctx.Previous?.ProviderId, Is.EqualTo(far));
            Assert.That(TerminalHoldRules.ShouldHold(ctx), Is.EqualTo("impossible_travel"));
        });
        await transaction.RollbackAsync();
    }

    private static DateOnly Shanghai(DateTimeOffset at) => LoveCard.Hosting.Shanghai.Today(at);
}
