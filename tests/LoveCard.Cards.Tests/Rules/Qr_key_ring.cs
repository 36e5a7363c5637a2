using System.Security.Cryptography;
using LoveCard.Cards.Credentials;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace LoveCard.Cards.Tests.Rules;

/// <summary>Where QR signing keys come from and how rotation keeps earlier codes verifiable.</summary>
public sealed class Qr_key_ring
{
    private sealed class Environment(string name, string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "test";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private string _root = "";

    [SetUp]
    public void MakeRoot() => _root = Directory.CreateTempSubdirectory("lovecard-qr-").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void In_development_with_nothing_configured_a_key_file_is_made_under_the_content_root()
    {
        var ring = new QrKeyRing(
            new QrOptions(),
            new Environment(Environments.Development, _root),
            TimeProvider.System
        );
        var file = Path.Combine(_root, ".keys", "qr-keys.json");
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(file), Is.True);
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(
                    File.GetUnixFileMode(file),
                    Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite),
                    "a private key file is the owner's only"
                );
            }

            Assert.That(ring.CanRotate, Is.True);
            Assert.That(
                new QrKeyRing(new QrOptions(), new Environment(Environments.Development, _root), TimeProvider.System)
                    .Current
                    .KeyId,
                Is.EqualTo(ring.Current.KeyId),
                "a restart keeps the key"
            );
        });
    }

    [Test]
    public void In_production_with_nothing_configured_the_service_refuses_to_start() =>
        Assert.Throws<InvalidOperationException>(() =>
            new QrKeyRing(new QrOptions(), new Environment(Environments.Production, _root), TimeProvider.System)
        );

    [Test]
    public void Configured_keys_sign_with_the_current_one_and_cannot_be_rotated_here()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new QrOptions
        {
            Keys =
            {
                ["k1"] = a.ExportPkcs8PrivateKeyPem(),
                ["k2"] = Convert.ToBase64String(b.ExportPkcs8PrivateKey()),
            },
            CurrentKeyId = "k1",
        };
        var ring = new QrKeyRing(options, new Environment(Environments.Production, _root), TimeProvider.System);
        Assert.Multiple(() =>
        {
            Assert.That(ring.Current.KeyId, Is.EqualTo("k1"));
            Assert.That(ring.Current.PublicKeySpki, Is.EqualTo(Convert.ToBase64String(a.ExportSubjectPublicKeyInfo())));
            Assert.That(
                ring.Verifying(DateTimeOffset.UtcNow).Select(k => k.KeyId),
                Is.EquivalentTo(new[] { "k1", "k2" })
            );
            Assert.That(ring.CanRotate, Is.False);
        });
    }

    [Test]
    public void A_rotated_key_verifies_until_its_last_code_expires_and_then_leaves()
    {
        var options = new QrOptions { KeyFile = Path.Combine(_root, "keys.json") };
        var t0 = DateTimeOffset.UtcNow;
        var ring = new QrKeyRing(options, new Environment(Environments.Production, _root), TimeProvider.System);
        var first = ring.Current;

        var second = ring.Rotate(t0);
        Assert.Multiple(() =>
        {
            Assert.That(ring.Current.KeyId, Is.EqualTo(second.KeyId));
            Assert.That(ring.Keys.Single(k => k.KeyId == first.KeyId).NotAfter, Is.EqualTo(t0.AddSeconds(120)));
            Assert.That(
                ring.Verifying(t0.AddSeconds(120)).Select(k => k.KeyId),
                Is.EquivalentTo(new[] { first.KeyId, second.KeyId })
            );
            Assert.That(ring.Verifying(t0.AddSeconds(121)).Select(k => k.KeyId), Is.EqualTo(new[] { second.KeyId }));
        });

        // Another instance reading the same file sees the rotation.
        var other = new QrKeyRing(options, new Environment(Environments.Production, _root), TimeProvider.System);
        ring.Rotate(t0.AddSeconds(200));
        Assert.That(
            ring.Keys.Select(k => k.KeyId),
            Does.Not.Contain(first.KeyId),
            "keys whose codes all expired leave the file"
        );
        Assert.That(other.Current.KeyId, Is.EqualTo(ring.Current.KeyId));
    }
}
