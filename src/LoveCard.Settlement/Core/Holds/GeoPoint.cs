namespace LoveCard.Settlement.Core.Holds;

/// <summary>A place, in degrees.</summary>
public readonly record struct GeoPoint(double Lat, double Lon);
