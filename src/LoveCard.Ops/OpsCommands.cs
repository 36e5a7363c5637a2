using LoveCard.Hosting.Auth;

namespace LoveCard.Ops;

/// <summary>
/// The operator's command line:
/// <c>token</c> mints a bearer token for calling the people APIs by hand;
/// <c>errors list|replay</c> inspects and replays messages in a consumer's error queue;
/// <c>rebuild</c> rebuilds a service's read models from their sources while it runs.
/// Settings come from the same environment variables as the services (deploy/local/env.sh).
/// </summary>
public static class OpsCommands
{
    public const string Usage = """
        lovecard-ops token --role <province|bureau|operator|provider|auditor|elder|agent|township|village>
                           [--county 330903] [--area 330903001] [--provider <id>] [--elder <id>]
                           [--elders <id,id>] [--sub <name>] [--hours 8]
        lovecard-ops errors queues                      list error queues with messages
        lovecard-ops errors list <queue>_error [--max 20]   show the failed messages (headers, not bodies)
        lovecard-ops errors replay <queue>_error [--max N]  move them back to their queue for another try
        lovecard-ops rebuild <settlement|cards|whitelist> [--kinds card,elder] [--timeout-minutes 60] [--wait false]
                                                        rebuild the service's read models from their sources,
                                                        while it runs
        Connection: Bus__Host, Bus__Port, Bus__VirtualHost, Bus__Username, Bus__Password;
                    Auth__Issuer, Auth__Audience, Auth__SigningKey.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return args switch
            {
                ["token", .. var rest] => Token(Options.Parse(rest), output),
                ["errors", "queues"] => await ErrorQueues.ListQueuesAsync(BusConnection.FromEnvironment(), output),
                ["errors", "list", var queue, .. var rest] => await ErrorQueues.ListAsync(
                    BusConnection.FromEnvironment(),
                    queue,
                    Options.Parse(rest).Int("max", 20),
                    output
                ),
                ["errors", "replay", var queue, .. var rest] => await ErrorQueues.ReplayAsync(
                    BusConnection.FromEnvironment(),
                    queue,
                    Options.Parse(rest).Int("max", int.MaxValue),
                    output
                ),
                ["rebuild", var service, .. var rest] => await Rebuilds.RunAsync(
                    BusConnection.FromEnvironment(),
                    service,
                    Options.Parse(rest),
                    output
                ),
                _ => Fail(error, Usage),
            };
        }
        catch (OpsException e)
        {
            return Fail(error, e.Message);
        }
    }

    private static int Token(Options options, TextWriter output)
    {
        var auth = new AuthOptions
        {
            Issuer = Environment.GetEnvironmentVariable("Auth__Issuer") ?? new AuthOptions().Issuer,
            Audience = Environment.GetEnvironmentVariable("Auth__Audience") ?? new AuthOptions().Audience,
            SigningKey = Environment.GetEnvironmentVariable("Auth__SigningKey") ?? AuthOptions.DevelopmentSigningKey,
        };
        var role = options.Required("role");
        if (!Roles.All.Contains(role))
        {
            throw new OpsException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.");
        }

        output.WriteLine(
            DevTokens.Mint(
                auth,
                role,
                options.Get("county"),
                options.Guid("provider"),
                options.Get("sub"),
                options.Guid("elder"),
                options.Get("elders")?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(System.Guid.Parse),
                TimeSpan.FromHours(options.Int("hours", 8)),
                options.Get("area")
            )
        );
        return 0;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 2;
    }
}
