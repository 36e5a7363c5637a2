using LoveCard.LoadTest.Common;
using LoveCard.LoadTest.Messaging;

// lovecard-loadtest <command> [--option value …]; benchmarks/run.sh is the usual caller.
if (args.Length == 0)
{
    Console.Error.WriteLine(
        """
        usage: lovecard-loadtest <command> [options]
          r7            --events N --out F                       outbox→inbox events/s vs raw RabbitMQ.Client
          r5            --count N --county C --out F             roster import via the API vs COPY
          roster        --count N --county C --csv F             only write a roster CSV
          world         --county C --elders N --terminals T --out F  seed a purchase county through the APIs
          load          --world F --mode closed|open --concurrency C | --rate R --duration S [--approved-out F] --out F
          r4            --world F --repeats N --out F            card suspension → card_suspended decline
        """
    );
    return 2;
}

var options = new Args(args.Skip(1));
return args[0] switch
{
    "r7" => await EventsBench.RunAsync(options),
    "r5" => await LoveCard.LoadTest.Roster.ImportBench.RunAsync(options),
    "roster" => await WriteRosterAsync(options),
    "world" => await LoveCard.LoadTest.Load.World.SeedAsync(options),
    "load" => await LoveCard.LoadTest.Load.LoadGenerator.RunAsync(options),
    "r4" => await LoveCard.LoadTest.Load.SuspensionBench.RunAsync(options),
    _ => Usage(args[0]),
};

static async Task<int> WriteRosterAsync(Args options)
{
    await LoveCard.LoadTest.Roster.RosterGenerator.WriteAsync(
        options.Require("csv"),
        options.Int("count", 1000),
        options.Get("county", "330922"),
        DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))
    );
    return 0;
}

static int Usage(string command)
{
    Console.Error.WriteLine($"unknown command {command}");
    return 2;
}
