using LoveCard.Hosting;
using LoveCard.Hosting.Errors;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>
/// A statement window on the Asia/Shanghai calendar by booking time (DOMAIN.md §3: money follows
/// the booking time): a month <c>yyyy-MM</c> or a day <c>yyyy-MM-dd</c>, as [From, To).
/// </summary>
public sealed record StatementPeriod(string Label, DateTimeOffset From, DateTimeOffset To)
{
    public static StatementPeriod Parse(string? period, string? date)
    {
        if (period is not null && date is not null)
        {
            throw new BadInputException(
                "period",
                "period_or_date",
                "Give either period (yyyy-MM) or date (yyyy-MM-dd), not both."
            );
        }

        if (date is not null)
        {
            if (!CalendarInput.TryParseDay(date, out var day))
            {
                throw new BadInputException(
                    "date",
                    "invalid_date",
                    $"date must be a day yyyy-MM-dd in the years {CalendarInput.Range}."
                );
            }

            return new StatementPeriod(date, Shanghai.StartOf(day), Shanghai.StartOf(day.AddDays(1)));
        }

        if (period is null)
        {
            throw new BadInputException("period", "required", "period (yyyy-MM) or date (yyyy-MM-dd) is required.");
        }

        return Month(period, "period");
    }

    /// <summary>A month <c>yyyy-MM</c>; <paramref name="field"/> names the input in the error.</summary>
    public static StatementPeriod Month(string? period, string field)
    {
        if (!CalendarInput.TryParseMonth(period, out var first))
        {
            throw new BadInputException(
                field,
                "invalid_period",
                $"{field} must be a month yyyy-MM in the years {CalendarInput.Range}."
            );
        }

        return new StatementPeriod(period!, Shanghai.StartOf(first), Shanghai.StartOf(first.AddMonths(1)));
    }
}
