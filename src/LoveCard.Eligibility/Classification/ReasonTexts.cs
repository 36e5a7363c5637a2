using System.Globalization;

namespace LoveCard.Eligibility.Classification;

/// <summary>
/// A Chinese sentence beside each reason code of a classification (issue 17), so a bureau or an
/// elder's app reads "户籍在浙江省" next to <c>local</c>. The codes stay the contract; the sentences
/// are for people. An unknown code is answered as itself.
/// </summary>
public static class ReasonTexts
{
    private static readonly Dictionary<string, string> Fixed = new()
    {
        [Classifier.Reason.Local] = "户籍在浙江省（本省户籍老人）。",
        [Classifier.Reason.NonLocal] = "户籍不在浙江省（外省户籍的常住老人）。",
        [Classifier.Reason.Under60] = "未满 60 周岁，不在爱心卡范围内。",
        [Classifier.Reason.NonLocalNotAllowed] = "本县暂不为外省户籍常住老人办理爱心卡。",
        [Classifier.Reason.AdvancedAge] = "达到本县规定的高龄年龄。",
        [Classifier.Reason.Dementia] = "经评估为失智老人。",
        [Classifier.Reason.AssessmentExpired] = "能力评估已过有效期，本次分类未计入评估结果，请重新评估。",
        ["hardship:" + Hardship.Dibao] = "经济困难：低保对象。",
        ["hardship:" + Hardship.Marginal] = "经济困难：低保边缘对象。",
        ["hardship:" + Hardship.ExtremePoverty] = "经济困难：特困供养对象。",
    };

    public static string Of(string reason)
    {
        if (Fixed.TryGetValue(reason, out var text))
        {
            return text;
        }

        if (
            reason.StartsWith("ability>=", StringComparison.Ordinal)
            && int.TryParse(
                reason["ability>=".Length..],
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var level
            )
        )
        {
            return $"能力评估等级达到 {level} 级或以上（失能）。";
        }

        return reason;
    }

    public static string[] Of(IEnumerable<string> reasons) => reasons.Select(Of).ToArray();
}
