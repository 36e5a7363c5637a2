namespace LoveCard.Eligibility.Classification;

/// <summary>Age on an Asia/Shanghai calendar day (DOMAIN.md §2).</summary>
public static class Ages
{
    /// <summary>The birthday in <paramref name="year"/>: someone born on 29 February has it on 1 March in a common
    /// year.</summary>
    public static DateOnly BirthdayIn(DateOnly birth, int year) =>
        birth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, birth.Month, birth.Day);

    /// <summary>Completed years on <paramref name="on"/>; the birthday itself counts as reached.</summary>
    public static int On(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on < BirthdayIn(birth, on.Year))
        {
            age--;
        }

        return age;
    }

    /// <summary>The day the person turns <paramref name="age"/>.</summary>
    public static DateOnly DayOfTurning(DateOnly birth, int age) => BirthdayIn(birth, birth.Year + age);
}
