namespace LoveCard.Whitelist;

public static class Program
{
    public static Task Main(string[] args) => WhitelistApp.Create(args).RunAsync();
}
