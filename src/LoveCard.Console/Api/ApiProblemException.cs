namespace LoveCard.Console.Api;

/// <summary>A service refused: the page shows <see cref="ApiProblem.Message"/> (Chinese) and nothing changed.</summary>
public sealed class ApiProblemException(ApiProblem problem)
    : Exception($"{problem.Status} {problem.Code}: {problem.Detail}")
{
    public ApiProblem Problem { get; } = problem;
}
