using System.ComponentModel.DataAnnotations;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Eligibility.Imports;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Counties;

/// <summary>The settings as answered, with how many elders still wait to be reclassified under them.</summary>
public sealed record CountySettingsView(CountySettings Settings, long PendingReclassification);
