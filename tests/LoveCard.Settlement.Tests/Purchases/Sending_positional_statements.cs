using LoveCard.Hosting.Data;
using Npgsql;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>
/// ADR 0057: the purchase's context is written with named parameters and sent as positional ones, rewritten once.
/// The rewrite must split and number exactly as Npgsql's own did, or a purchase would read the wrong values; the
/// purchase tests run the rewritten statements against the database, these pin the rules (no server needed).
/// </summary>
public sealed class Sending_positional_statements
{
    private static readonly string[] Names = ["a", "b", "providerId"];

    private static IReadOnlyList<(string Sql, int[] Names)> Rewrite(string sql) =>
        new PositionalSql(sql, Names).Statements;

    [Test]
    public void Each_statement_numbers_its_own_names_in_the_order_they_first_appear()
    {
        var statements = Rewrite("SELECT @b, @a, @b;\nSELECT @a FROM t WHERE x = @B");

        Assert.That(
            statements.Select(s => s.Sql),
            Is.EqualTo(new[] { "SELECT $1, $2, $1", "SELECT $1 FROM t WHERE x = $2" })
        );
        Assert.That(statements[0].Names, Is.EqualTo(new[] { 1, 0 }));
        Assert.That(statements[1].Names, Is.EqualTo(new[] { 0, 1 }), "names match without regard to case");
    }

    [Test]
    public void Quoted_text_comments_casts_and_operators_are_left_as_they_are()
    {
        const string sql = """
            SELECT 'a;@b' || "we;@ird", $x$ ; @a $x$, @a::text, j @> '{}' -- not @b; nor this
            , /* @b; /* nested ; */ still */ @providerId, 'it''s;@a';
            SELECT $$@b;$$
            """;
        var statements = Rewrite(sql);

        Assert.That(statements, Has.Count.EqualTo(2));
        Assert.That(
            statements[0].Sql,
            Is.EqualTo(
                """
                SELECT 'a;@b' || "we;@ird", $x$ ; @a $x$, $1::text, j @> '{}' -- not @b; nor this
                , /* @b; /* nested ; */ still */ $2, 'it''s;@a'
                """
            )
        );
        Assert.That(statements[0].Names, Is.EqualTo(new[] { 0, 2 }));
        Assert.That(statements[1], Is.EqualTo(("SELECT $$@b;$$", Array.Empty<int>())).Using(new SameStatement()));
    }

    [Test]
    public void A_name_the_caller_cannot_supply_fails_when_the_sql_is_built()
    {
        Assert.That(
            () => new PositionalSql("SELECT @a; SELECT @elderId", Names),
            Throws.ArgumentException.With.Message.Contains("@elderId")
        );
        Assert.That(() => new PositionalSql("SELECT 'open", Names), Throws.ArgumentException);
    }

    [Test]
    public void A_batch_gets_every_statement_with_a_parameter_per_name_it_uses()
    {
        var sql = new PositionalSql("SELECT @a, @b; SELECT @providerId", Names);
        using var batch = new NpgsqlBatch();
        sql.AddTo(batch, new Values());

        var commands = batch.BatchCommands.Cast<NpgsqlBatchCommand>().ToList();
        Assert.That(commands.Select(c => c.CommandText), Is.EqualTo(new[] { "SELECT $1, $2", "SELECT $1" }));
        Assert.That(
            commands.Select(c => c.Parameters.Cast<NpgsqlParameter>().Select(p => p.Value).ToArray()),
            Is.EqualTo(new[] { new object[] { "value 0", 1L }, new object[] { "value 2" } })
        );
    }

    private sealed class Values : IPositionalValues
    {
        public NpgsqlParameter Parameter(int name) =>
            name == 1 ? TypedParameter.Of(1L) : TypedParameter.Of("value " + name);
    }

    private sealed class SameStatement : IEqualityComparer<(string Sql, int[] Names)>
    {
        public bool Equals((string Sql, int[] Names) x, (string Sql, int[] Names) y) =>
            x.Sql == y.Sql && x.Names.SequenceEqual(y.Names);

        public int GetHashCode((string Sql, int[] Names) obj) => obj.Sql.GetHashCode();
    }
}
