// Linked into src/LoveCard.AuditVerify as well: the service's /api/audit/verify and the offline
// verifier walk a chain with this one class.
namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// Walks entries in order and checks, for each: its seq follows the previous one (a deleted entry
/// shows at the entry after it), its prev_hash is the previous entry's hash, its hash is the hash of
/// its own fields, and it matches any anchor at that seq. At the end, anchors beyond the last entry
/// (entries cut off the end) and, when known, the chain-head row are checked.
/// </summary>
public sealed class AuditChainCheck(IEnumerable<AuditAnchor> anchors)
{
    private readonly Dictionary<long, string> _anchors = anchors
        .GroupBy(a => a.Seq)
        .ToDictionary(g => g.Key, g => g.First().Hash);
    private long _expectedSeq = 1;
    private string _prevHash = AuditHash.Genesis;
    private long _checked;
    private long? _badSeq;
    private string? _reason;

    public long LastSeq => _expectedSeq - 1;

    /// <summary>Checks the next entry; false once the chain has failed (later entries are not looked at).</summary>
    public bool Add(AuditRecord r)
    {
        if (_badSeq is not null)
        {
            return false;
        }

        _reason =
            r.Seq != _expectedSeq ? (r.Seq > _expectedSeq ? "entries_missing" : "seq_out_of_order")
            : r.PrevHash != _prevHash ? "prev_hash_mismatch"
            : AuditHash.Compute(r) != r.Hash ? "hash_mismatch"
            : _anchors.TryGetValue(r.Seq, out var anchored) && anchored != r.Hash ? "anchor_mismatch"
            : null;
        if (_reason is not null)
        {
            _badSeq = r.Seq;
            return false;
        }

        _checked++;
        _prevHash = r.Hash;
        _expectedSeq++;
        return true;
    }

    /// <summary>The verdict; <paramref name="head"/> is the service's chain-head row when verifying live.</summary>
    public AuditVerification Finish(AuditAnchor? head = null)
    {
        if (_badSeq is not null)
        {
            return new AuditVerification(false, _checked, _badSeq, _reason);
        }

        var lastSeq = LastSeq;
        if (_anchors.Keys.Any(seq => seq > lastSeq))
        {
            // A published anchor names an entry the chain no longer has: entries were cut off the end.
            return new AuditVerification(false, _checked, lastSeq + 1, "anchor_beyond_end");
        }

        if (head is not null && (head.Seq != lastSeq || head.Hash != _prevHash))
        {
            var bad =
                head.Seq > lastSeq ? lastSeq + 1
                : head.Seq < lastSeq ? head.Seq + 1
                : lastSeq;
            return new AuditVerification(false, _checked, bad, "head_mismatch");
        }

        return new AuditVerification(true, _checked, null, null);
    }

    /// <summary>Verifies an exported JSON-lines chain (the offline command's whole job).</summary>
    public static AuditVerification VerifyJsonl(TextReader reader, IEnumerable<AuditAnchor> anchors)
    {
        var check = new AuditChainCheck(anchors);
        long lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }

            AuditRecord record;
            try
            {
                record = AuditJsonl.Parse(line);
            }
            catch (Exception e)
                when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                return new AuditVerification(
                    false,
                    check._checked,
                    check.LastSeq + 1,
                    $"unreadable_line:{lineNo}:{e.Message}"
                );
            }

            if (!check.Add(record))
            {
                break;
            }
        }

        return check.Finish();
    }
}
