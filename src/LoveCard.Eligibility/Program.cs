namespace LoveCard.Eligibility;

public static class Program
{
    public static Task Main(string[] args) => EligibilityApp.Create(args).RunAsync();
}
