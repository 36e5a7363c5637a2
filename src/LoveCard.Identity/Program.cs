using LoveCard.Hosting;

namespace LoveCard.Identity;

public static class Program
{
    public static Task<int> Main(string[] args) => ServiceProgram.RunAsync(args, a => IdentityApp.Create(a));
}
