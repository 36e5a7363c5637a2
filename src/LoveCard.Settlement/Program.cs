using LoveCard.Hosting;

namespace LoveCard.Settlement;

public static class Program
{
    public static Task<int> Main(string[] args) => ServiceProgram.RunAsync(args, a => SettlementApp.Create(a));
}
