using System.Globalization;
using System.Text;

namespace LoveCard.LoadTest.Roster;

/// <summary>
/// Generates a roster CSV (columns of docs/services/eligibility.md) of elders aged 60–95 with VALID
/// resident IDs: a real Zhejiang address code, a real birth date and the GB 11643-1999 check
/// character. Every ID is unique: row i is a mixed-radix number over (address, birth day, sequence).
/// </summary>
public static class RosterGenerator
{
    // Real Zhejiang county-level division codes (the ID's address part is the place of first registration).
    private static readonly string[] AddressCodes =
    [
        "330102",
        "330105",
        "330106",
        "330108",
        "330110",
        "330203",
        "330212",
        "330302",
        "330324",
        "330402",
        "330502",
        "330602",
        "330681",
        "330702",
        "330782",
        "330802",
        "330902",
        "330903",
        "330921",
        "330922",
        "331002",
        "331082",
        "331102",
        "331121",
    ];

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private const string Given = "秀英桂兰玉珍建国德明国华志强淑芬金凤春花永福长生";

    public const string Header =
        "id_number,name,hukou_province,home_county,village_code,phone,hardship,"
        + "ability_score,assessment_date,dementia,special_situations";

    public static string CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11].ToString();
    }

    public static string IdNumber(long i, DateOnly today)
    {
        var firstBirth = today.AddYears(-95).AddDays(1);
        var days = today.AddYears(-60).DayNumber - firstBirth.DayNumber; // everyone is 60–95 today
        var address = AddressCodes[(int)(i % AddressCodes.Length)];
        var rest = i / AddressCodes.Length;
        var birth = firstBirth.AddDays((int)(rest % days));
        var sequence = rest / days; // 3 digits: up to 24 × 12,800 × 1,000 unique IDs
        if (sequence > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(i), "more elders than unique IDs this generator makes");
        }

        var first17 =
            address
            + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            + sequence.ToString("000", CultureInfo.InvariantCulture);
        return first17 + CheckCharacter(first17);
    }

    /// <summary>
    /// One row. A deterministic mix: a fifth have hardship, a third an ability assessment, some
    /// dementia, so all three categories and "not eligible" never occurs (everyone is 60+ and local).
    /// </summary>
    /// <summary>The village code of village number <paramref name="v"/> of <paramref name="county"/>.</summary>
    public static string Village(string county, long v) =>
        county
        + (v / 50 + 1).ToString("000", CultureInfo.InvariantCulture)
        + (v % 50 + 1).ToString("000", CultureInfo.InvariantCulture);

    public static string Row(long i, string county, DateOnly today, int villages = 10_000)
    {
        var id = IdNumber(i, today);
        // Three chars made one string (char + char would add their codes).
        var name = string.Concat(
            Surnames[(int)(i % Surnames.Length)],
            Given[(int)(i / 7 % Given.Length)],
            Given[(int)(i / 3 % Given.Length)]
        );
        var village = Village(county, i % villages);
        var phone = "139" + (i % 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
        var hardship = (i % 10) switch
        {
            0 => "dibao",
            1 => "marginal",
            _ => "none",
        };
        var assessed = i % 3 == 0;
        var score = assessed ? ((i * 7) % 91).ToString(CultureInfo.InvariantCulture) : "";
        var date = assessed ? today.AddDays(-(int)(i % 200)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        var dementia = i % 50 == 0 ? "true" : "false";
        var situations = (i % 7) switch
        {
            0 => "alone",
            1 => "empty_nest;left_behind",
            _ => "",
        };
        return $"{id},{name},33,{county},{village},{phone},{hardship},{score},{date},{dementia},{situations}";
    }

    public static async Task WriteAsync(string path, long count, string county, DateOnly today, int villages = 10_000)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteAsync(Header);
        await writer.WriteAsync('\n');
        for (long i = 0; i < count; i++)
        {
            await writer.WriteAsync(Row(i, county, today, villages));
            await writer.WriteAsync('\n');
        }
    }
}
