namespace LoveCard.Eligibility.Imports;

public sealed class ImportOptions
{
    /// <summary>Rows per committed chunk: a restart resumes after the last committed one.</summary>
    public int ChunkSize { get; set; } = 5000;

    /// <summary>
    /// Writers committing batches concurrently, each on its own connection: while one waits for
    /// PostgreSQL's COPY and COMMIT, another spends CPU on encryption and events (docs/benchmarks.md R5).
    /// </summary>
    public int Writers { get; set; } = 3;

    /// <summary>A pause after each chunk; 0 in production, used by tests to stop a service mid-import.</summary>
    public int ChunkDelayMs { get; set; }

    /// <summary>The largest upload (finding S-11): a province's 2,000,000-elder CSV is about 300 MB.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>What an XLSX roster may unpack to, in all; one sheet holds at most 1,048,576 rows anyway.</summary>
    public long MaxXlsxUncompressedBytes { get; set; } = 512L << 20;

    /// <summary>Unpacked size over packed size; real workbooks compress 5–20 times, bombs thousands.</summary>
    public int MaxXlsxRatio { get; set; } = 200;

    /// <summary>The longest cell: no roster column needs more than a few dozen characters.</summary>
    public int MaxCellChars { get; set; } = 1000;
}
