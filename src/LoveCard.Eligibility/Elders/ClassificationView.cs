using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Hosting.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// An elder's classification; <see cref="ReasonTexts"/> holds a Chinese sentence for each reason code, in the
/// same order.
/// </summary>
public sealed record ClassificationView(
    int? Category,
    bool Eligible,
    bool IsLocal,
    string[] Reasons,
    string RulesVersion,
    DateOnly EvaluatedOn
)
{
    public string[] ReasonTexts => LoveCard.Eligibility.Classification.ReasonTexts.Of(Reasons);
}
