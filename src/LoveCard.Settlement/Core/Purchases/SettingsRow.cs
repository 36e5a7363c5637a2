namespace LoveCard.Settlement.Core.Purchases;

public sealed class SettingsRow
{
    public string County { get; init; } = "";

    public bool OneCardNetwork { get; init; }

    public int LowFundAlertDays { get; init; }
}
