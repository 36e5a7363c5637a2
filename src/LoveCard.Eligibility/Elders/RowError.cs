using System.Globalization;
using System.Text.RegularExpressions;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;

namespace LoveCard.Eligibility.Elders;

public sealed record RowError(string Field, string Code, string Message);
