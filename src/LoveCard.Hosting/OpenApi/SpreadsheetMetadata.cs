namespace LoveCard.Hosting.OpenApi;

/// <summary>
/// Endpoint metadata read by <see cref="OpenApiClientContract"/>: the operation takes an uploaded
/// spreadsheet (<see cref="Upload"/>) or can answer one (<see cref="Download"/>, <c>?format=csv|xlsx</c>).
/// </summary>
public sealed record SpreadsheetMetadata(bool Upload, bool Download);
