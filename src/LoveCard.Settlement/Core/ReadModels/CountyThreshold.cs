namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>
/// A supervision threshold a county may set (<c>CountySettingsChanged.AnomalyThresholds</c>, kept in
/// <c>rm_county_settings.settings</c> and read in SQL by <c>bo_threshold(county, code, default)</c>),
/// with the default for a county that sets none.
/// </summary>
public sealed record CountyThreshold(string Code, long Default);
