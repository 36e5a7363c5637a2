using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting.PersonalData;

namespace LoveCard.Eligibility.Elders;

/// <summary>One row of <c>elders</c>: the register's inputs and the current classification.</summary>
public sealed class ElderRow
{
    public const string Columns = """
        elder_id, id_hash, id_encrypted, id_masked, sex, name_encrypted, name_masked, hukou_province, hukou_county,
        home_county, village_code, phone_encrypted, phone_masked, hardship, ability_score, assessment_date, dementia,
        special_situations, ss_card_number, row_hash, category, eligible, is_local, reasons, rules_version,
        evaluated_on,
        ability_level, care_situations, review_due, settings_version, pub_hash, version, created_at, updated_at
        """;

    public Guid ElderId { get; set; }
    public string IdHash { get; set; } = "";
    public string IdEncrypted { get; set; } = "";
    public string IdMasked { get; set; } = "";
    public string Sex { get; set; } = "";
    public string NameEncrypted { get; set; } = "";
    public string NameMasked { get; set; } = "";
    public string HukouProvince { get; set; } = "";
    public string? HukouCounty { get; set; }
    public string HomeCounty { get; set; } = "";
    public string VillageCode { get; set; } = "";
    public string? PhoneEncrypted { get; set; }
    public string? PhoneMasked { get; set; }
    public string Hardship { get; set; } = "";
    public int? AbilityScore { get; set; }
    public DateOnly? AssessmentDate { get; set; }
    public bool Dementia { get; set; }
    public string[] SpecialSituations { get; set; } = [];
    public string? SsCardNumber { get; set; }
    public string RowHash { get; set; } = "";
    public int? Category { get; set; }
    public bool Eligible { get; set; }
    public bool IsLocal { get; set; }
    public string[] Reasons { get; set; } = [];
    public string RulesVersion { get; set; } = "";
    public DateOnly EvaluatedOn { get; set; }
    public int? AbilityLevel { get; set; }
    public string[] CareSituations { get; set; } = [];

    /// <summary>Keyed hash of the next day time alone may change the result (<see cref="ReviewDueTag"/>), or
    /// null.</summary>
    public string? ReviewDue { get; set; }
    public int SettingsVersion { get; set; }
    public string PubHash { get; set; } = "";
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// The birth date, from the encrypted ID number: it is stored nowhere in clear (finding S-2), since
    /// beside the masked number it is the number.
    /// </summary>
    public DateOnly BirthDate(PersonalDataProtector protector) =>
        ResidentId.BirthDateOf(protector.Decrypt(IdEncrypted));

    /// <summary>What <see cref="ReviewDue"/> holds for <paramref name="day"/>: a keyed hash, so the column names no
    /// birthday.</summary>
    public static string ReviewDueTag(PersonalDataProtector protector, DateOnly day) =>
        protector.Hash("eligibility-review:" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>
    /// Recomputes the classification; true when what <c>ElderClassified</c> carries changed (DOMAIN.md §2:
    /// publish only on change). The elder's own inputs must already be set; <paramref name="birthDate"/>
    /// comes from the ID number being written or from <see cref="BirthDate"/>.
    /// </summary>
    public bool Classify(CountySettings settings, DateOnly on, DateOnly birthDate, PersonalDataProtector protector)
    {
        var facts = new ElderFacts(
            birthDate,
            HukouProvince,
            Hardship,
            AbilityScore,
            AssessmentDate,
            Dementia,
            SpecialSituations
        );
        var result = Classifier.Classify(facts, settings.Rules, on);
        Category = result.Category;
        Eligible = result.Eligible;
        IsLocal = result.IsLocal;
        Reasons = [.. result.Reasons];
        RulesVersion = Classifier.RulesVersion;
        EvaluatedOn = on;
        AbilityLevel = result.AbilityLevel;
        CareSituations = [.. result.CareSituations];
        ReviewDue = result.NextReviewOn is { } next ? ReviewDueTag(protector, next) : null;
        SettingsVersion = settings.Version;
        var before = PubHash;
        PubHash = PublishedFingerprint();
        return before != PubHash;
    }

    private string PublishedFingerprint()
    {
        var text = string.Join(
            '\u001f',
            Category,
            Eligible,
            IsLocal,
            string.Join(',', Reasons),
            RulesVersion,
            HomeCounty,
            VillageCode,
            NameMasked,
            SsCardNumber,
            string.Join(',', SpecialSituations)
        );
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
