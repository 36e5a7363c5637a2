using System.Globalization;
using System.Text;
using LoveCard.Demo.Codes;

namespace LoveCard.Demo;

/// <summary>What the demo sends eligibility for a county: the roster file and the ID numbers of agents.</summary>
public static class DemoRoster
{
    /// <summary>The roster CSV (docs/services/eligibility.md "Roster file") for a county.</summary>
    public static byte[] RosterCsv(string county, IEnumerable<DemoElder> elders)
    {
        var csv = new StringBuilder(
            "id_number,name,hukou_province,home_county,village_code,phone,hardship,ability_score,assessment_date,"
                + "dementia,special_situations,social_security_card_number\n"
        );
        // An assessment a month old: recent enough to count (assessmentValidMonths = 12).
        var assessed = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1);
        var assessedOn = new DateOnly(assessed.Year, assessed.Month, 1).ToString(
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture
        );
        var i = 0;
        foreach (var e in elders)
        {
            i++;
            csv.Append(e.IdNumber(county))
                .Append(',')
                .Append(e.Name)
                .Append(',')
                .Append(e.HukouProvince)
                .Append(',')
                .Append(county)
                .Append(',')
                .Append(e.Village)
                .Append(',')
                .Append($"1380000{i:0000}")
                .Append(',')
                .Append(e.Hardship)
                .Append(',')
                .Append(e.AbilityScore?.ToString(CultureInfo.InvariantCulture) ?? "")
                .Append(',')
                .Append(e.AbilityScore is null ? "" : assessedOn)
                .Append(',')
                .Append(e.Dementia ? "true" : "false")
                .Append(',')
                .Append(string.Join(';', e.SpecialSituations))
                .Append(',')
                .Append(e.CardNumber)
                .Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A valid ID for an agent (代办人), e.g. the elder's daughter.</summary>
    public static string AgentIdNumber(string county, int n) =>
        ResidentIds.Make(county, new DateOnly(1975, 5, 5), 500 + n);
}
