namespace LoveCard.Contracts;

/// <summary>Who caused a change.</summary>
/// <param name="Kind">One of <see cref="ActorKinds"/>.</param>
/// <param name="Id">The user's <c>sub</c>, the terminal id or the job name.</param>
public sealed record Actor(string Kind, string Id)
{
    public static Actor Job(string name) => new(ActorKinds.Job, name);

    public static Actor System(string component) => new(ActorKinds.System, component);
}
