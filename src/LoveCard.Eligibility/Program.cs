using LoveCard.Hosting;

namespace LoveCard.Eligibility;

public static class Program
{
    public static Task<int> Main(string[] args) => ServiceProgram.RunAsync(args, a => EligibilityApp.Create(a));
}
