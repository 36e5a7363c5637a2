namespace LoveCard.Eligibility.Classification;

/// <summary>
/// Category 1/2/3 (DOMAIN.md §2). Pure: the same facts, settings and day always give the same
/// result, so the service can reclassify at any time and a bureau can ask "why category 2".
/// </summary>
public static class Classifier
{
    /// <summary>Kept with every result; bump it when a rule below changes meaning.</summary>
    public const string RulesVersion = "domain-2.1";

    public const int ElderAge = 60;
    public const string ZhejiangProvince = "33";

    public static class Reason
    {
        public const string Local = "local";
        public const string NonLocal = "non_local";
        public const string Under60 = "under_60";
        public const string NonLocalNotAllowed = "non_local_not_allowed";
        public const string AdvancedAge = "advanced_age";
        public const string Dementia = "dementia";
        public const string AssessmentExpired = "assessment_expired";

        public static string Hardship(string value) => "hardship:" + value;

        public static string Ability(int minLevel) =>
            "ability>=" + minLevel.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static ClassificationResult Classify(ElderFacts facts, ClassificationSettings settings, DateOnly on)
    {
        var reasons = new List<string>();
        var age = Ages.On(facts.BirthDate, on);

        // "Local" is the hukou province, not the ID prefix, which keeps the birthplace (DOMAIN.md §2).
        var isLocal = facts.HukouProvince == ZhejiangProvince;
        reasons.Add(isLocal ? Reason.Local : Reason.NonLocal);

        var hardship = facts.Hardship != Hardship.None;
        if (hardship)
        {
            reasons.Add(Reason.Hardship(facts.Hardship));
        }

        var advancedAge = age >= settings.AdvancedAge;
        if (advancedAge)
        {
            reasons.Add(Reason.AdvancedAge);
        }

        // An assessment older than assessmentValidMonths no longer counts: classify without it.
        int? level = null;
        DateOnly? expiry = null;
        if (facts is { AbilityScore: { } score, AssessmentDate: { } assessed })
        {
            if (AbilityLevels.IsValid(assessed, settings.AssessmentValidMonths, on))
            {
                level = AbilityLevels.FromScore(score);
                expiry = AbilityLevels.ExpiresOn(assessed, settings.AssessmentValidMonths);
            }
            else
            {
                reasons.Add(Reason.AssessmentExpired);
            }
        }

        var disabled = level >= settings.MinDisabilityLevel;
        if (disabled)
        {
            reasons.Add(Reason.Ability(settings.MinDisabilityLevel));
        }

        if (facts.Dementia)
        {
            reasons.Add(Reason.Dementia);
        }

        var disabledOrDemented = disabled || facts.Dementia;

        bool eligible;
        int? category = null;
        if (age < ElderAge)
        {
            reasons.Add(Reason.Under60);
            eligible = false;
        }
        else if (!isLocal && !settings.AllowNonLocalResidents)
        {
            reasons.Add(Reason.NonLocalNotAllowed);
            eligible = false;
        }
        else
        {
            eligible = true;
            category =
                !isLocal || !(disabledOrDemented || advancedAge) ? 3
                : hardship ? 1
                : 2;
        }

        // The next day on which time alone can change the result: turning 60, reaching the
        // advanced-age threshold, or the assessment expiring. The daily job looks no further.
        DateOnly? next = null;
        foreach (
            var candidate in new DateOnly?[]
            {
                age < ElderAge ? Ages.DayOfTurning(facts.BirthDate, ElderAge) : null,
                age < settings.AdvancedAge ? Ages.DayOfTurning(facts.BirthDate, settings.AdvancedAge) : null,
                expiry,
            }
        )
        {
            if (candidate is { } c && c > on && (next is null || c < next))
            {
                next = c;
            }
        }

        // Visiting care is for elders only (60 and over).
        var care = age < ElderAge ? new List<string>() : new List<string>(facts.SpecialSituations);
        if (advancedAge)
        {
            care.Add(SpecialSituations.AdvancedAge);
        }

        if (disabledOrDemented && age >= ElderAge)
        {
            care.Add(SpecialSituations.DisabledOrDemented);
        }

        return new ClassificationResult(eligible, category, isLocal, reasons, age, level, next, care);
    }
}
