using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LoveCard.Eligibility.Imports;

/// <summary>The steps of a roster import, timed separately (docs/benchmarks.md R5: where the time goes).</summary>
public enum ImportPhase
{
    /// <summary>Sep/MiniExcel reading, validation, keyed hashes (the reader thread).</summary>
    Parse,

    /// <summary>The writer waiting for the reader to hand over the next batch.</summary>
    WaitForRows,

    /// <summary>Looking the batch's ID hashes up in the register.</summary>
    Lookup,

    /// <summary>Encryption, masking, classification and the events' objects, in C#.</summary>
    Derive,

    /// <summary>Serialising the events' JSON bodies.</summary>
    Serialize,

    /// <summary>Binary COPY of new elders.</summary>
    CopyElders,

    /// <summary>Changed elders: COPY into the session's staging table and one UPDATE … FROM.</summary>
    Update,

    /// <summary>Classification history and the change log, by COPY.</summary>
    History,

    /// <summary>Outbox rows, by COPY.</summary>
    Outbox,

    /// <summary>Bad-row report and progress counters.</summary>
    Report,

    /// <summary>COMMIT (WAL flush) of the batch.</summary>
    Commit,
}
