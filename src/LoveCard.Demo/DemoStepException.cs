using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;

namespace LoveCard.Demo;

/// <summary>A call to a service failed: which service, which seeding step, and the problem it answered.</summary>
public sealed class DemoStepException(string service, string step, HttpStatusCode? status, string? code, string detail)
    : Exception($"{service}: {step} failed: {(status is { } s ? $"{(int)s} {code}" : "no answer")}: {detail}")
{
    public string Service { get; } = service;

    public string Step { get; } = step;

    public HttpStatusCode? Status { get; } = status;

    public string? Code { get; } = code;
}
