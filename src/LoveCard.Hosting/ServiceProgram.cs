using LoveCard.Hosting.Data;
using Microsoft.AspNetCore.Builder;

namespace LoveCard.Hosting;

/// <summary>
/// Every service's <c>Main</c>: without a command it runs the service; with <c>migrate</c> first
/// (<c>dotnet LoveCard.Cards.dll migrate</c>, the other arguments as usual) it applies the schema's
/// migrations and exits with <see cref="MigrateCommand"/>'s code.
/// </summary>
public static class ServiceProgram
{
    public static async Task<int> RunAsync(string[] args, Func<string[], WebApplication> create)
    {
        if (args is [MigrateCommand.Name, .. var rest])
        {
            await using var migrating = create(rest);
            return await MigrateCommand.RunAsync(migrating.Services);
        }

        await using var app = create(args);
        await app.RunAsync();
        return 0;
    }
}
