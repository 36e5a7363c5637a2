using Dapper;
using Npgsql;

namespace LoveCard.Eligibility.Imports;

/// <summary>Reads an uploaded file back from <c>import_blobs</c>, one 1 MiB piece at a time.</summary>
public sealed class ImportBlobStream(NpgsqlDataSource dataSource, Guid importId) : Stream
{
    private byte[] _piece = [];
    private int _offset;
    private int _seq;
    private bool _done;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_offset >= _piece.Length)
        {
            if (_done)
            {
                return 0;
            }

            using var connection = dataSource.OpenConnection();
            var next = connection.QuerySingleOrDefault<byte[]>(
                "SELECT data FROM import_blobs WHERE import_id = @importId AND seq = @seq",
                new { importId, seq = _seq }
            );
            if (next is null)
            {
                _done = true;
                return 0;
            }

            _seq++;
            _piece = next;
            _offset = 0;
        }

        var n = Math.Min(count, _piece.Length - _offset);
        Buffer.BlockCopy(_piece, _offset, buffer, offset, n);
        _offset += n;
        return n;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
