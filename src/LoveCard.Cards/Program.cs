namespace LoveCard.Cards;

public static class Program
{
    public static Task Main(string[] args) => CardsApp.Create(args).RunAsync();
}
