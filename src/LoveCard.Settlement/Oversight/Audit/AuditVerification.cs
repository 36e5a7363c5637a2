// Linked into src/LoveCard.AuditVerify as well: the service's /api/audit/verify and the offline
// verifier walk a chain with this one class.
namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>The outcome of a walk over the chain; <see cref="FirstBadSeq"/> is the first entry that does not
/// hold.</summary>
public sealed record AuditVerification(bool Valid, long Checked, long? FirstBadSeq, string? Reason);
