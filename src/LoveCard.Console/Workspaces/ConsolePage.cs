using AntDesign;
using LoveCard.Console.Api;
using LoveCard.Console.Auth;
using Microsoft.AspNetCore.Components;

namespace LoveCard.Console.Workspaces;

/// <summary>
/// What every page shares: the workspace, one way to run an API call (a refusal becomes the Chinese
/// sentence in <see cref="Error"/>, an expired session goes to sign in and comes back here), and a
/// busy flag that disables the page's buttons while a call runs (no double submit).
/// </summary>
public abstract class ConsolePage : ComponentBase, IDisposable
{
    [Inject]
    protected Workspace Workspace { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    [Inject]
    protected IMessageService Messages { get; set; } = default!;

    /// <summary>The Chinese sentence(s) of the last refusal, shown above the page's content.</summary>
    protected string? Error { get; set; }

    protected bool Busy { get; set; }

    protected bool Loaded { get; set; }

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the page goes away: background polling stops with it.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    protected Person Me => Workspace.Person;

    protected string? County => Workspace.County;

    protected override async Task OnInitializedAsync()
    {
        await Workspace.EnsureAsync();
        ChooseCountyFromAddress();
        Workspace.Changed += OnWorkspaceChanged;
        await ReloadAsync();
    }

    /// <summary>
    /// <c>?county=330903</c> opens a county's page for the province (links from the province overview
    /// and bookmarks); a county user's own county is not theirs to change.
    /// </summary>
    private void ChooseCountyFromAddress()
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query);
        if (query.TryGetValue("county", out var county) && Formatting.Counties.Find(county) is not null)
        {
            Workspace.ChooseCounty(county);
        }
    }

    /// <summary>Loads the page's data; pages override <see cref="LoadAsync"/>.</summary>
    protected async Task ReloadAsync()
    {
        await AttemptAsync(LoadAsync);
        Loaded = true;
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs a call; answers false (with <see cref="Error"/> set) when a service refused it.</summary>
    protected async Task<bool> AttemptAsync(Func<Task> action, string? success = null)
    {
        Error = null;
        Busy = true;
        try
        {
            await action();
            if (success is not null)
            {
                _ = Messages.SuccessAsync(success);
            }

            return true;
        }
        catch (ApiProblemException e)
        {
            Error = string.Join(" ", e.Problem.Messages);
            return false;
        }
        catch (SessionExpiredException)
        {
            SignInAgain();
            return false;
        }
        catch (HttpRequestException)
        {
            Error = "暂时无法连接业务系统，请稍后重试；如果持续出现，请联系运维人员。";
            return false;
        }
        finally
        {
            Busy = false;
            StateHasChanged();
        }
    }

    /// <summary>The session is over: sign in again and come back to this very page.</summary>
    protected void SignInAgain()
    {
        var here = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
        Navigation.NavigateTo("/signin?returnUrl=" + Uri.EscapeDataString(here), forceLoad: true);
    }

    private void OnWorkspaceChanged() => _ = InvokeAsync(ReloadAsync);

    public void Dispose()
    {
        Workspace.Changed -= OnWorkspaceChanged;
        _stopping.Cancel();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
