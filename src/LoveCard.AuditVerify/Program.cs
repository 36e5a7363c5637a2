using LoveCard.Settlement.Oversight.Audit;

namespace LoveCard.AuditVerify;

/// <summary>
/// <c>dotnet run --project src/LoveCard.AuditVerify -- &lt;file.jsonl&gt; [--anchor &lt;seq&gt;:&lt;hash&gt;]...</c>:
/// recomputes every hash of an exported chain (GET /api/audit/export?format=jsonl), checks it
/// against published anchors, prints the verdict and the first bad entry.
/// Exit codes: 0 valid, 1 invalid, 2 usage or unreadable file.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? file = null;
        var anchors = new List<AuditAnchor>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--anchor" && i + 1 < args.Length)
            {
                if (!AuditAnchor.TryParse(args[++i], out var anchor))
                {
                    return Usage($"bad anchor '{args[i]}': expected <seq>:<64 hex digits>");
                }

                anchors.Add(anchor!);
            }
            else if (file is null && !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                file = args[i];
            }
            else
            {
                return Usage($"unexpected argument '{args[i]}'");
            }
        }

        if (file is null)
        {
            return Usage("no file given");
        }

        AuditVerification result;
        try
        {
            using var reader = new StreamReader(file);
            result = AuditChainCheck.VerifyJsonl(reader, anchors);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"cannot read {file}: {e.Message}");
            return 2;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"cannot read {file}: {e.Message}");
            return 2;
        }

        if (result.Valid)
        {
            Console.WriteLine(
                $"VALID: {result.Checked} entries "
                    + $"checked{(anchors.Count > 0 ? $", {anchors.Count} anchor(s) matched" : "")}."
            );
            return 0;
        }

        Console.WriteLine(
            $"INVALID: first bad entry seq {result.FirstBadSeq} ({result.Reason}); {result.Checked} entries before it "
                + $"hold."
        );
        return 1;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"{problem}\nusage: LoveCard.AuditVerify <file.jsonl> [--anchor <seq>:<hash>]...");
        return 2;
    }
}
