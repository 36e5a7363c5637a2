using LoveCard.Hosting;

namespace LoveCard.Whitelist;

public static class Program
{
    public static Task<int> Main(string[] args) => ServiceProgram.RunAsync(args, a => WhitelistApp.Create(a));
}
