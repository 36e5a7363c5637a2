namespace LoveCard.Settlement;

public static class Program
{
    public static Task Main(string[] args) => SettlementApp.Create(args).RunAsync();
}
