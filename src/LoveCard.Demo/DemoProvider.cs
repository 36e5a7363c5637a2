using System.Globalization;
using System.Text;
using LoveCard.Demo.Codes;

namespace LoveCard.Demo;

public sealed record DemoProvider(
    int OrganisationNumber,
    string Name,
    string ProviderType,
    string TerminalId,
    string TerminalModel,
    IReadOnlyList<DemoItem> Items,
    IReadOnlyList<string> CareWorkers
)
{
    public string UnifiedCode(string county) => UnifiedCodes.Make(county, OrganisationNumber);
}
