namespace LoveCard.Console.Formatting;

/// <summary>
/// Who did something, as a clerk reads it. The services record the actor's account id (a UUID from
/// identity) or a job's name; a UUID is never shown bare: the signed-in person is 本人, another
/// account 工作人员 with the last characters of its id (enough to tell two apart on one page), a job 系统.
/// Issue 17 may give the services display names beside ids.
/// </summary>
public static class Actors
{
    public static string Of(string? actor, string? me = null)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            return "—";
        }

        if (actor == me)
        {
            return "本人";
        }

        if (actor.StartsWith("system", StringComparison.Ordinal) || actor.StartsWith("job", StringComparison.Ordinal))
        {
            return "系统";
        }

        return Guid.TryParse(actor, out var id) ? $"工作人员 #{id.ToString("N")[^4..].ToUpperInvariant()}" : actor;
    }
}
