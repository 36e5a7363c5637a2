using System.Globalization;

namespace LoveCard.Terminal.Cli;

/// <summary>The home-visit commands (protocol version 1.1): <c>visit-in</c>, <c>visit-out</c>, <c>visit</c>.</summary>
internal static class VisitCommands
{
    private static Location ReadLocation(CliArguments a)
    {
        static double Degrees(CliArguments a, string name) =>
            double.TryParse(
                a.Required(name),
                System.Globalization.NumberStyles.Float,
                CultureInfo.InvariantCulture,
                out var v
            )
                ? v
                : throw new UsageException($"--{name} must be degrees, e.g. 29.98.");
        return new Location(Degrees(a, "lat"), Degrees(a, "lon"));
    }

    internal static async Task<int> VisitInAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        var request = new VisitCheckInRequest(
            TerminalCommands.ReadCredential(a),
            a.Required("item"),
            a.Required("care-worker"),
            ReadLocation(a)
        );
        var key = a.Get("key");
        a.RejectUnknown();
        var visit = await client.CheckInAsync(request, key, ct);
        Receipt.WriteVisit(o, visit);
        return visit.IsOpen ? TerminalCommands.Ok : TerminalCommands.Declined;
    }

    internal static async Task<int> VisitOutAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        var id =
            a.Positional.Count == 1 && Guid.TryParse(a.Positional[0], out var v)
                ? v
                : throw new UsageException("Give the visit id (a GUID) after the command.");
        var request = new VisitCheckOutRequest(ReadLocation(a));
        var key = a.Get("key");
        a.RejectUnknown();
        var visit = await client.CheckOutAsync(id, request, key, ct);
        Receipt.WriteVisit(o, visit);
        return visit.Valid == true ? TerminalCommands.Ok : TerminalCommands.Declined;
    }

    internal static async Task<int> VisitAsync(
        TerminalClient client,
        CliArguments a,
        TextWriter o,
        CancellationToken ct
    )
    {
        var id =
            a.Positional.Count == 1 && Guid.TryParse(a.Positional[0], out var v)
                ? v
                : throw new UsageException("Give the visit id (a GUID) after the command.");
        a.RejectUnknown();
        Receipt.WriteVisit(o, await client.GetVisitAsync(id, ct));
        return TerminalCommands.Ok;
    }
}
