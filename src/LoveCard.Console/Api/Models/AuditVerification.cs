namespace LoveCard.Console.Api;

/// <summary>The audit chain recomputed: valid, or where it first breaks.</summary>
public sealed record AuditVerification(bool Valid, long Checked, long? FirstBadSeq, string? Reason);
