using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using PaxosAkka.MultiNode.Kit;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node.Tests;

/// <summary>Node-to-node TLS: the switch, the certificate files, and whom a node admits.</summary>
public sealed class NodeTlsTests : IDisposable
{
    private const string Password = "test-password";
    private readonly string _folder = Directory.CreateTempSubdirectory("paxos-tls-tests-").FullName;
    private readonly TestCertificateAuthority _cluster = TestCertificateAuthority.Create("cluster CA");
    private readonly TestCertificateAuthority _other = TestCertificateAuthority.Create("other CA");

    [Fact]
    public void Tls_is_off_by_default()
    {
        var settings = NodeSettings.Create(ConfigurationFactory.ParseString("paxos.node { id = 1, members = [{ id = 1, host = \"127.0.0.1\", remote-port = 9101, http-port = 8081 }], acceptors = [1] }"));

        Assert.False(settings.Tls.Enabled);
        Assert.Equal(AkkaSettings.PlainProtocol, AkkaSettings.Create(settings, ConfigurationFactory.Empty).Protocol);
    }

    [Fact]
    public void Tls_on_without_a_certificate_is_a_configuration_error_naming_the_path()
    {
        var e = Assert.Throws<ConfigurationException>(() => TlsSettings.Parse(ConfigurationFactory.ParseString("tls.enabled = on")));

        Assert.Contains("paxos.node.tls.certificate-path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_never_shows_in_the_settings_text()
    {
        var tls = new TlsSettings(true, "node.pfx", "s3cret", string.Empty);

        Assert.DoesNotContain("s3cret", tls.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_signed_by_the_cluster_CA_is_admitted_and_one_of_another_CA_or_none_is_not()
    {
        var (_, authorities) = NodeTls.Load(Tls(_cluster.IssuePfx(Path.Combine(_folder, "a.pfx"), "paxos-a", Password)));
        using var member = Leaf(_cluster.IssuePfx(Path.Combine(_folder, "b.pfx"), "paxos-b", Password));
        using var stranger = Leaf(_other.IssuePfx(Path.Combine(_folder, "x.pfx"), "paxos-x", Password));

        Assert.True(NodeTls.IsSignedBy(member, null, authorities));
        Assert.False(NodeTls.IsSignedBy(stranger, null, authorities));
        Assert.False(NodeTls.IsSignedBy(null, null, authorities));
    }

    [Fact]
    public void A_self_signed_CA_the_peer_sends_along_is_no_trust_anchor()
    {
        var (_, authorities) = NodeTls.Load(Tls(_cluster.IssuePfx(Path.Combine(_folder, "a.pfx"), "paxos-a", Password)));
        using var stranger = Leaf(_other.IssuePfx(Path.Combine(_folder, "x.pfx"), "paxos-x", Password));
        using var presented = new X509Chain();
        presented.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        presented.ChainPolicy.CustomTrustStore.Add(_other.Certificate);
        presented.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(presented.Build(stranger));

        Assert.False(NodeTls.IsSignedBy(stranger, presented, authorities));
    }

    [Fact]
    public void The_CA_comes_from_the_PFX_bundle_or_from_the_named_file()
    {
        string pfx = _cluster.IssuePfx(Path.Combine(_folder, "a.pfx"), "paxos-a", Password);
        string otherCa = _other.WriteCertificate(Path.Combine(_folder, "other-ca.der"));

        var (certificate, bundled) = NodeTls.Load(Tls(pfx));
        var (_, named) = NodeTls.Load(Tls(pfx) with { CaCertificatePath = otherCa });

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(_cluster.Certificate.Thumbprint, Assert.Single(bundled).Thumbprint);
        Assert.Equal(_other.Certificate.Thumbprint, Assert.Single(named).Thumbprint);
    }

    [Fact]
    public void An_unreadable_certificate_is_a_configuration_error_naming_the_path()
    {
        string pfx = _cluster.IssuePfx(Path.Combine(_folder, "a.pfx"), "paxos-a", Password);

        var missing = Assert.Throws<ConfigurationException>(() => NodeTls.Load(Tls(Path.Combine(_folder, "missing.pfx"))));
        var badPassword = Assert.Throws<ConfigurationException>(() => NodeTls.Load(Tls(pfx) with { CertificatePassword = "wrong" }));

        Assert.Contains("paxos.node.tls.certificate-path", missing.Message, StringComparison.Ordinal);
        Assert.Contains("paxos.node.tls.certificate-path", badPassword.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _other.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftover.
        }
    }

    private static TlsSettings Tls(string pfx) => new(true, pfx, Password, string.Empty);

    private static X509Certificate2 Leaf(string pfx) =>
        X509CertificateLoader.LoadPkcs12CollectionFromFile(pfx, Password).First(c => c.HasPrivateKey);
}
