using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Terminals;

/// <summary>The answer to a registration: the one and only time the activation code is shown.</summary>
public sealed record TerminalRegistration(
    TerminalView Terminal,
    string ActivationCode,
    DateTimeOffset ActivationCodeExpiresAt
);
