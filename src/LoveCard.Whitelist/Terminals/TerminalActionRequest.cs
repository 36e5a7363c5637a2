using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Terminals;

public sealed record TerminalActionRequest([property: StringLength(500)] string? Reason);
