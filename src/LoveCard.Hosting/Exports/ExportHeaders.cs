namespace LoveCard.Hosting.Exports;

/// <summary>
/// Who reads an export: people (Chinese headers, yuan; the default) or programs (<c>?headers=codes</c>).
/// </summary>
public enum ExportHeaders
{
    Chinese,
    Codes,
}
