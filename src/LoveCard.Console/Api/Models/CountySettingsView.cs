namespace LoveCard.Console.Api;

/// <summary>A county's settings and how many elders still wait to be reclassified under them.</summary>
public sealed record CountySettingsView(CountySettings Settings, long PendingReclassification);
