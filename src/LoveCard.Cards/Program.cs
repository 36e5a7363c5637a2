using LoveCard.Hosting;

namespace LoveCard.Cards;

public static class Program
{
    public static Task<int> Main(string[] args) => ServiceProgram.RunAsync(args, a => CardsApp.Create(a));
}
