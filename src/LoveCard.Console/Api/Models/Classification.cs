namespace LoveCard.Console.Api;

/// <summary>An elder's category with the reasons that fired and the rules version.</summary>
public sealed record Classification(
    int? Category,
    bool Eligible,
    bool IsLocal,
    IReadOnlyList<string> Reasons,
    string RulesVersion,
    DateOnly EvaluatedOn
);
