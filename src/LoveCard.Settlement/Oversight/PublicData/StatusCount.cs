using System.Globalization;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.PublicData;

public sealed record StatusCount(string Status, string Count);
