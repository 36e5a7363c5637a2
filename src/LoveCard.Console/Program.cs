namespace LoveCard.Console;

public static class Program
{
    public static Task Main(string[] args) => ConsoleApp.Create(args).RunAsync();
}
