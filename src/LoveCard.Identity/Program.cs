namespace LoveCard.Identity;

public static class Program
{
    public static Task Main(string[] args) => IdentityApp.Create(args).RunAsync();
}
