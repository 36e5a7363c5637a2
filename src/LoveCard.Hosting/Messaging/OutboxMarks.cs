using Dapper;
using Npgsql;

namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The "sent" (or "failed") marks of the relay's last round, held until its next read so both go in one round trip
/// and one transaction (ADR 0042). If the relay stops before that read, the rows are published again with the same
/// MessageId and the consumers' inboxes drop them (ADR 0002).
/// </summary>
internal sealed class OutboxMarks
{
    private long[] _sent = [];
    private DateTimeOffset _sentAt;
    private long[] _failed = [];
    private string _error = "";

    public bool Any => _sent.Length > 0 || _failed.Length > 0;

    /// <summary>Holds the marks of a round: <paramref name="sent"/> published from <paramref name="sentAt"/> on (their
    /// <c>sent_at</c>, rather than the time of the next read, ADR 0059).</summary>
    public void Hold(long[] sent, DateTimeOffset sentAt, long[] failed, string error) =>
        (_sent, _sentAt, _failed, _error) = (sent, sentAt, failed, error);

    /// <summary>The marking statements (empty when there is nothing to mark) to put before <paramref name="sql"/>,
    /// and their parameters merged with <paramref name="parameters"/>; the marks count as written once the caller's
    /// command has run.</summary>
    public (string Sql, DynamicParameters Parameters) Before(string sql, object parameters)
    {
        var p = new DynamicParameters(parameters);
        p.Add("sentIds", _sent);
        p.Add("sentAt", _sentAt);
        p.Add("failedIds", _failed);
        p.Add("error", _error);
        var marks =
            (
                _sent.Length > 0
                    ? "UPDATE outbox SET sent_at = @sentAt, attempts = attempts + 1, last_error = NULL "
                        + "WHERE id = ANY(@sentIds);\n"
                    : ""
            )
            + (
                _failed.Length > 0
                    ? "UPDATE outbox SET attempts = attempts + 1, last_error = @error "
                        + "WHERE id = ANY(@failedIds);\n"
                    : ""
            );
        return (marks + sql, p);
    }

    public void Written() => Hold([], DateTimeOffset.UnixEpoch, [], "");

    /// <summary>Writes the marks held now, in one round trip.</summary>
    public async Task FlushAsync(NpgsqlDataSource dataSource)
    {
        if (!Any)
        {
            return;
        }

        var (sql, parameters) = Before("SELECT 1", new { });
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters));
        Written();
    }
}
