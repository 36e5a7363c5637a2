using System.Globalization;
using System.Text;
using LoveCard.Demo;
using LoveCard.Demo.Codes;

namespace LoveCard.Convergence.Tests;

/// <summary>
/// A roster of elders for the demo county, all 61 to 95 and local, with valid resident IDs that no
/// demo elder or agent has (sequence numbers from 600), spread over the two villages whose
/// collective funds the demo tops up; every tenth on minimum living allowance (category 1).
/// </summary>
public static class Roster
{
    private const string Header =
        "id_number,name,hukou_province,home_county,village_code,phone,hardship,"
        + "ability_score,assessment_date,dementia,special_situations,social_security_card_number";
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private const string Given = "秀英桂兰玉珍建国德明国华志强淑芬金凤春花永福长生";

    public static byte[] Csv(int elders)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < elders; i++)
        {
            var birth = today.AddYears(-61 - i % 34).AddDays(-(i % 300));
            var id = ResidentIds.Make(DemoCounty.Home, birth, 600 + i);
            var name = $"{Surnames[i % Surnames.Length]}{Given[i / 7 % Given.Length]}{Given[i / 3 % Given.Length]}";
            var village = i % 2 == 0 ? DemoCounty.VillageA : DemoCounty.VillageB;
            var hardship = i % 10 == 0 ? "dibao" : "none";
            csv.Append(CultureInfo.InvariantCulture, $"{id},{name},33,{DemoCounty.Home},{village},")
                .Append(CultureInfo.InvariantCulture, $"1390000{i:0000},{hardship},,,false,,\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
