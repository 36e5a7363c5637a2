using System.Runtime.Versioning;

namespace LoveCard.Terminal.Tests;

/// <summary>The key file: the terminal's only secret, readable by its owner only (0600).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class Keeping_the_key_file
{
    private string _directory = null!;

    [SetUp]
    public void NewDirectory() => _directory = Directory.CreateTempSubdirectory("lovecard-terminal-key-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private static readonly TerminalCredentials Saved = new(
        "T-330903-0001",
        Convert.ToBase64String(Independent.Key),
        3,
        "http://127.0.0.1:5104/",
        new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero)
    );

    [Test]
    public void Round_trips_the_terminal_id_key_and_version()
    {
        var path = Path.Combine(_directory, "nested", "key.json");

        TerminalKeyFile.Save(path, Saved);

        Assert.That(TerminalKeyFile.Load(path), Is.EqualTo(Saved));
        Assert.That(TerminalKeyFile.Load(path).KeyBytes(), Is.EqualTo(Independent.Key));
    }

    [Test]
    public void Is_readable_by_its_owner_only()
    {
        var path = Path.Combine(_directory, "key.json");

        TerminalKeyFile.Save(path, Saved);
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));

        // A re-activation replaces the file and keeps the mode, and leaves no temporary file behind.
        TerminalKeyFile.Save(path, Saved with { KeyVersion = 4 });
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(TerminalKeyFile.Load(path).KeyVersion, Is.EqualTo(4));
        Assert.That(Directory.GetFiles(_directory), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Tightens_a_file_someone_made_readable_to_others()
    {
        var path = Path.Combine(_directory, "key.json");
        TerminalKeyFile.Save(path, Saved);
        File.SetUnixFileMode(
            path,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
        );

        TerminalKeyFile.Load(path);

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void Says_to_activate_when_there_is_no_file()
    {
        var e = Assert.Throws<FileNotFoundException>(() =>
            TerminalKeyFile.Load(Path.Combine(_directory, "missing.json"))
        );

        Assert.That(e!.Message, Does.Contain("activate"));
    }

    [Test]
    public void Never_prints_the_key()
    {
        Assert.That(Saved.ToString(), Does.Not.Contain(Saved.Key));
    }
}
