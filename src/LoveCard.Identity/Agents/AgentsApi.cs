using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Identity.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Identity.Agents;

/// <summary>
/// Ending a family agent's link to an elder at identity: the elder, the agent, or the elder's
/// county (bureau or operator) may; it takes effect at once (refresh tokens revoked, see
/// <see cref="AgentLinks"/>). Linking is only ever done by a consent at the cards service.
/// </summary>
public static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agent-links")
            .WithTags("Agents")
            .RequirePeople()
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPost("/{elderId:guid}/unlink", Unlink)
            .WithSummary("End an agent's link to the elder (all agents of the elder when no agentAccountId)");
        return group;
    }

    public sealed record UnlinkRequest(Guid? AgentAccountId, [property: StringLength(500)] string? Reason);

    public sealed record Unlinked(int LinksEnded);

    public static async Task<Ok<Unlinked>> Unlink(
        Guid elderId,
        UnlinkRequest body,
        HttpContext http,
        NpgsqlDataSource dataSource,
        AccountStore accounts,
        AgentLinks links,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var county = await accounts.ElderCountyAsync(elderId, ct);
        Account? agent = body.AgentAccountId is { } id ? await accounts.FindAsync(id, ct) : null;
        var allowed = caller.Role switch
        {
            Roles.Province => true,
            Roles.Bureau or Roles.Operator => county is not null && caller.County == county,
            Roles.Elder => caller.ElderId == elderId,
            Roles.Agent => caller.AgentFor.Contains(elderId) && agent is not null && agent.Subject == caller.Subject,
            _ => false,
        };
        caller.RequireVisible(allowed && county is not null, "Elder");
        if (body.AgentAccountId is not null && agent is not { AccountRole: AccountRoles.Agent, PhoneHash: not null })
        {
            throw new NotFoundException("Agent account");
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            throw new BadInputException("reason", "reason_required", "Say why (reason), for the audit trail.");
        }

        var context = new AccountChangeContext(
            new Actor(ActorKinds.User, caller.Subject),
            body.Reason.Trim(),
            http.Connection.RemoteIpAddress?.ToString()
        );
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var events = await links.UnlinkAsync(connection, transaction, elderId, agent?.PhoneHash, context, ct);
        foreach (var evt in events)
        {
            await Outbox.AddAsync(connection, transaction, evt, ct);
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new Unlinked(events.Count));
    }
}
