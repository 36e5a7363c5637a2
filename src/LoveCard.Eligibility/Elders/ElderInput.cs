using System.Globalization;
using System.Text.RegularExpressions;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;

namespace LoveCard.Eligibility.Elders;

/// <summary>A validated elder: what the register stores and the rules read.</summary>
public sealed partial record ElderInput(
    ResidentId Id,
    string Name,
    string HukouProvince,
    string? HukouCounty,
    string HomeCounty,
    string VillageCode,
    string? Phone,
    string Hardship,
    int? AbilityScore,
    DateOnly? AssessmentDate,
    bool Dementia,
    IReadOnlyList<string> SpecialSituations,
    string? SocialSecurityCardNumber
)
{
    // The limits a roster row and the API's elder requests share, stated here once: ElderRegistration and
    // ElderAttributes name them in their annotations (the OpenAPI document and the early 400), and Parse checks
    // them for a roster row, which has no request type (docs/decisions/0035).
    public const int MaxNameLength = 50;
    public const int DivisionCodeLength = 6;
    public const int VillageCodeLength = 12;
    public const int MinPhoneLength = 7;
    public const int MaxPhoneLength = 20;

    public ElderFacts Facts =>
        new(Id.BirthDate, HukouProvince, Hardship, AbilityScore, AssessmentDate, Dementia, SpecialSituations);

    /// <summary>Everything the row says, in one canonical string (hashed with the keyed hash before storing).</summary>
    public string Canonical() =>
        string.Join(
            '\u001f',
            Id.Number,
            Name,
            HukouProvince,
            HukouCounty,
            HomeCounty,
            VillageCode,
            Phone,
            Hardship,
            AbilityScore?.ToString(CultureInfo.InvariantCulture),
            AssessmentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Dementia ? "1" : "0",
            string.Join(',', SpecialSituations),
            SocialSecurityCardNumber
        );

    /// <summary>
    /// Validates <paramref name="raw"/>; every fault goes to <paramref name="errors"/> named by its roster
    /// column, and the result is null when there was any. A blank home county takes <paramref name="defaultCounty"/>.
    /// </summary>
    public static ElderInput? Parse(RawElder raw, string? defaultCounty, DateOnly today, List<RowError> errors)
    {
        var before = errors.Count;
        var id = ResidentId.TryParse(raw.IdNumber, today, out var idError);
        if (id is null)
        {
            errors.Add(
                new RowError(
                    RosterColumns.IdNumber,
                    idError,
                    idError switch
                    {
                        "id_length" => "A resident ID number has 18 characters.",
                        "id_format" => "A resident ID number is 17 digits and a digit or X.",
                        "id_address" => "The address code does not name a province.",
                        "id_birth_date" => "The birth date in the ID number is not a real past date.",
                        _ => "The check character does not match (GB 11643-1999).",
                    }
                )
            );
        }

        var name = (raw.Name ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            errors.Add(new RowError(RosterColumns.Name, "invalid_name", $"A name is 1–{MaxNameLength} characters."));
        }

        var hukouCounty = Blank(raw.HukouCounty);
        var hukouProvince = Blank(raw.HukouProvince);
        if (hukouCounty is not null && !IsDigits(hukouCounty, DivisionCodeLength))
        {
            errors.Add(
                new RowError(
                    RosterColumns.HukouCounty,
                    "invalid_division_code",
                    "A hukou county is a 6-digit division code."
                )
            );
        }
        else if (
            hukouProvince is not null
            && !IsDigits(hukouProvince, 2)
            && !IsDigits(hukouProvince, DivisionCodeLength)
        )
        {
            errors.Add(
                new RowError(
                    RosterColumns.HukouProvince,
                    "invalid_division_code",
                    "A hukou province is a 2-digit (or 6-digit) division code."
                )
            );
        }
        else
        {
            var province = hukouProvince?[..2] ?? hukouCounty?[..2];
            if (province is null)
            {
                errors.Add(
                    new RowError(RosterColumns.HukouProvince, "required", "The hukou province or county is required.")
                );
            }
            else if (hukouCounty is not null && !hukouCounty.StartsWith(province, StringComparison.Ordinal))
            {
                errors.Add(
                    new RowError(
                        RosterColumns.HukouCounty,
                        "hukou_mismatch",
                        "The hukou county is not in the hukou province."
                    )
                );
            }

            hukouProvince = province;
        }

        var home = Blank(raw.HomeCounty) ?? defaultCounty;
        if (!CountyCodes.IsZhejiangCounty(home))
        {
            errors.Add(
                new RowError(
                    RosterColumns.HomeCounty,
                    "invalid_county",
                    "The residence (home) county is a 6-digit Zhejiang division code starting with 33."
                )
            );
        }

        var village = Blank(raw.VillageCode);
        if (village is null || !IsDigits(village, VillageCodeLength))
        {
            errors.Add(
                new RowError(
                    RosterColumns.VillageCode,
                    "invalid_village_code",
                    "A village/community is a 12-digit division code."
                )
            );
        }
        else if (home is not null && !village.StartsWith(home, StringComparison.Ordinal))
        {
            errors.Add(
                new RowError(
                    RosterColumns.VillageCode,
                    "village_not_in_county",
                    "The village is not in the residence county."
                )
            );
        }

        var phone = Blank(raw.Phone);
        if (
            phone is not null
            && (
                phone.Length is < MinPhoneLength or > MaxPhoneLength
                || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ')
            )
        )
        {
            errors.Add(
                new RowError(RosterColumns.Phone, "invalid_phone", "A phone number is 7–20 digits, spaces, '+' or '-'.")
            );
        }

        var hardship = Classification.Hardship.Parse(raw.Hardship);
        if (hardship is null)
        {
            errors.Add(
                new RowError(
                    RosterColumns.Hardship,
                    "invalid_hardship",
                    "Hardship is none, dibao, marginal or extreme_poverty."
                )
            );
        }

        int? score = null;
        if (Blank(raw.AbilityScore) is { } scoreText)
        {
            if (
                !int.TryParse(scoreText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
                || s is < AbilityLevels.MinScore or > AbilityLevels.MaxScore
            )
            {
                errors.Add(
                    new RowError(
                        RosterColumns.AbilityScore,
                        "invalid_ability_score",
                        "An ability score is a whole number 0–90."
                    )
                );
            }
            else
            {
                score = s;
            }
        }

        DateOnly? assessed = null;
        if (Blank(raw.AssessmentDate) is { } dateText)
        {
            if (
                !DateOnly.TryParseExact(
                    dateText,
                    DateFormats,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var d
                )
                || d > today
            )
            {
                errors.Add(
                    new RowError(
                        RosterColumns.AssessmentDate,
                        "invalid_assessment_date",
                        "The assessment date is a past date as yyyy-MM-dd."
                    )
                );
            }
            else
            {
                assessed = d;
            }
        }

        if ((Blank(raw.AbilityScore) is null) != (Blank(raw.AssessmentDate) is null))
        {
            errors.Add(
                new RowError(
                    Blank(raw.AbilityScore) is null ? RosterColumns.AbilityScore : RosterColumns.AssessmentDate,
                    "assessment_incomplete",
                    "An ability score and its assessment date go together."
                )
            );
        }

        bool? dementia = (Blank(raw.Dementia) ?? "false").ToLowerInvariant() switch
        {
            "false" or "0" or "no" or "n" or "否" or "无" => false,
            "true" or "1" or "yes" or "y" or "是" or "有" => true,
            _ => null,
        };
        if (dementia is null)
        {
            errors.Add(new RowError(RosterColumns.Dementia, "invalid_flag", "Dementia is true or false."));
        }

        var situations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (
            var part in (raw.SpecialSituations ?? "").Split(
                [';', '|', ',', '，', '、', ' '],
                StringSplitOptions.RemoveEmptyEntries
            )
        )
        {
            if (Classification.SpecialSituations.Parse(part) is { } situation)
            {
                situations.Add(situation);
            }
            else
            {
                errors.Add(
                    new RowError(
                        RosterColumns.SpecialSituations,
                        "invalid_special_situation",
                        "Special situations are alone, empty_nest, left_behind, severe_disability or "
                            + "special_family_planning, separated by ';'."
                    )
                );
                break;
            }
        }

        var card = Blank(raw.SocialSecurityCardNumber)?.ToUpperInvariant();
        if (card is not null && !CardNumber().IsMatch(card))
        {
            errors.Add(
                new RowError(
                    RosterColumns.SocialSecurityCardNumber,
                    "invalid_card_number",
                    "A social-security card number is 9 letters or digits."
                )
            );
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new ElderInput(
            id!,
            name,
            hukouProvince!,
            hukouCounty,
            home!,
            village!,
            phone,
            hardship!,
            score,
            assessed,
            dementia!.Value,
            [.. situations],
            card
        );
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyyMMdd"];

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Exactly <paramref name="length"/> ASCII digits (the values are trimmed before).</summary>
    private static bool IsDigits(string value, int length) => value.Length == length && value.All(char.IsAsciiDigit);

    [GeneratedRegex("^[0-9A-Z]{9}$")]
    private static partial Regex CardNumber();
}
