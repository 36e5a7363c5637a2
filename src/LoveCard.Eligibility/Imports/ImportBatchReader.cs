using System.Threading.Channels;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting;
using LoveCard.Hosting.PersonalData;
using Npgsql;

namespace LoveCard.Eligibility.Imports;

/// <summary>
/// The reading side of an import, on its own thread: parses the stored upload row by row, validates
/// each row into an <see cref="ElderInput"/> (or its errors), hashes it, and hands consecutive rows to
/// the writers as batches of <see cref="ImportOptions.ChunkSize"/>. Rows of already committed ranges
/// are read again only to rebuild the duplicate check.
/// </summary>
internal sealed class ImportBatchReader(
    NpgsqlDataSource dataSource,
    PersonalDataProtector protector,
    ImportOptions options,
    TimeProvider time
)
{
    public void ReadBatches(
        ImportRecord import,
        List<(long First, long Count)> committed,
        ChannelWriter<ImportBatch> output,
        ImportPhases phases,
        CancellationToken ct
    )
    {
        try
        {
            var seen = new HashSet<long>();
            long index = 0;
            var range = 0;
            var batch = new ImportBatch(options.ChunkSize);
            var today = Shanghai.Today(time);
            var started = ImportPhases.Start();

            void Flush()
            {
                phases.Add(ImportPhase.Parse, started);
                output.WriteAsync(batch, ct).AsTask().GetAwaiter().GetResult();
                batch = new ImportBatch(options.ChunkSize);
                today = Shanghai.Today(time);
                started = ImportPhases.Start();
            }

            using var blob = new ImportBlobStream(dataSource, import.ImportId);
            foreach (
                var (rowNumber, raw) in RosterReader.Read(
                    blob,
                    import.Format,
                    import.Encoding ?? RosterReader.Utf8,
                    options
                )
            )
            {
                ct.ThrowIfCancellationRequested();
                index++;
                var errors = new List<RowError>();
                var input = ElderInput.Parse(raw, import.County, today, errors);
                if (input is not null && input.HomeCounty != import.County)
                {
                    errors.Add(
                        new RowError(
                            RosterColumns.HomeCounty,
                            "wrong_county",
                            $"This import is for county {import.County}; a bureau imports its own county only."
                        )
                    );
                    input = null;
                }
                else if (input is not null && !seen.Add(input.Id.Key))
                {
                    errors.Add(
                        new RowError(
                            RosterColumns.IdNumber,
                            "duplicate_in_file",
                            "The same ID number appears on an earlier row of this file."
                        )
                    );
                    input = null;
                }

                // Rows of committed batches are read again only to rebuild the duplicate check; a batch
                // holds contiguous rows, so one in progress is handed over before a committed range.
                while (range < committed.Count && committed[range].First + committed[range].Count <= index)
                {
                    range++;
                }

                if (range < committed.Count && committed[range].First <= index)
                {
                    if (batch.Count > 0)
                    {
                        Flush();
                    }

                    continue;
                }

                if (batch.Count == 0)
                {
                    batch.FirstRow = index;
                }

                if (input is null)
                {
                    batch.Rejected.Add((rowNumber, errors));
                }
                else
                {
                    batch.Accepted.Add((rowNumber, input));
                    batch.Keyed.Add(
                        new KeyedHashes(protector.Hash(input.Id.Number), protector.Hash(input.Canonical()))
                    );
                }

                if (batch.Count >= options.ChunkSize)
                {
                    Flush();
                }
            }

            if (batch.Count > 0)
            {
                Flush();
            }
        }
        finally
        {
            output.TryComplete();
        }
    }
}
