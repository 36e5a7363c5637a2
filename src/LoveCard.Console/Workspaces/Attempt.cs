using LoveCard.Console.Api;
using LoveCard.Console.Auth;
using Microsoft.AspNetCore.Components;

namespace LoveCard.Console.Workspaces;

/// <summary>
/// Runs one API call for a dialog or panel: answers null when it went through, else the Chinese
/// sentence to show; an expired session goes to sign in and comes back to this page.
/// </summary>
public sealed class Attempt(NavigationManager navigation)
{
    public async Task<string?> RunAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (ApiProblemException e)
        {
            return string.Join(" ", e.Problem.Messages);
        }
        catch (SessionExpiredException)
        {
            SignInAgain();
            return "登录已过期，正在转到登录页…";
        }
        catch (HttpRequestException)
        {
            return "暂时无法连接业务系统，请稍后重试；如果持续出现，请联系运维人员。";
        }
    }

    public void SignInAgain()
    {
        var here = "/" + navigation.ToBaseRelativePath(navigation.Uri);
        navigation.NavigateTo("/signin?returnUrl=" + Uri.EscapeDataString(here), forceLoad: true);
    }
}
