namespace LoveCard.Contracts;

/// <summary>The service items every county starts with (DOMAIN.md §4); counties may add more.</summary>
public static class ServiceItems
{
    public const string Meal = "meal"; // 助餐
    public const string Bath = "bath"; // 助浴
    public const string Cleaning = "cleaning"; // 助洁
    public const string Mobility = "mobility"; // 助行
    public const string Medical = "medical"; // 助医
    public const string Emergency = "emergency"; // 助急
    public const string Chat = "chat"; // 助聊
    public const string Learning = "learning"; // 助学

    public static readonly IReadOnlyList<string> Standard =
    [
        Meal,
        Bath,
        Cleaning,
        Mobility,
        Medical,
        Emergency,
        Chat,
        Learning,
    ];

    /// <summary>
    /// The items given in the elder's home by default (DOMAIN.md §8 "Home visits"), with the shortest visit, in
    /// minutes, that proves one. A county marks other items, or changes these, in its price standards.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> HomeServiceMinimumMinutes = new Dictionary<string, int>
    {
        [Bath] = 30,
        [Cleaning] = 60,
        [Mobility] = 20,
    };
}
