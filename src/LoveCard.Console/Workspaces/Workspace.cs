using LoveCard.Console.Auth;

namespace LoveCard.Console.Workspaces;

/// <summary>
/// Whose work the screens show: the signed-in person and the county in view. A bureau, auditor or
/// operator always works in their own county; a province user picks one (the header's county picker)
/// and the county pages follow. Scoped: one per circuit.
/// </summary>
public sealed class Workspace(CurrentUser user)
{
    private Person? _person;
    private string? _chosenCounty;

    public Person Person => _person ?? throw new InvalidOperationException("Call EnsureAsync first.");

    public event Action? Changed;

    public async Task EnsureAsync() => _person ??= await user.GetAsync();

    /// <summary>The county in view: the person's own, or the one a province user chose (null until they do).</summary>
    public string? County => Person.County ?? _chosenCounty;

    public bool CanChooseCounty => Person.County is null && (Person.IsProvince || Person.IsAuditor);

    public void ChooseCounty(string? county)
    {
        if (!CanChooseCounty || county == _chosenCounty)
        {
            return;
        }

        _chosenCounty = county;
        Changed?.Invoke();
    }
}
