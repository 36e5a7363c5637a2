using System.Text.Json;
using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

public static class ReadModelJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
