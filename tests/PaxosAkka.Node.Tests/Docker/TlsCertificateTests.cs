using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace PaxosAkka.Node.Tests.Docker;

/// <summary>
/// docker/make-certs.sh makes what docker/hocon/tls.conf asks for: a PKCS#12 file per container, opened with the
/// compose file's default PAXOS_TLS_PASSWORD, whose certificate names the container, allows server and client
/// authentication (mutual TLS), and chains to the cluster CA the containers trust (SSL_CERT_FILE).
/// </summary>
public sealed class TlsCertificateTests : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paxos-certs-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Make_certs_gives_each_container_a_mutual_tls_certificate_from_the_cluster_ca()
    {
        string[] hosts = ["node-1", "all-roles-2"];
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepoRoot.Path, "docker", "make-certs.sh"));
        foreach (var host in hosts)
        {
            info.ArgumentList.Add(host);
        }

        info.Environment["PAXOS_CERTS_DIR"] = _folder;
        info.Environment.Remove("PAXOS_TLS_PASSWORD");
        using var process = Process.Start(info)!;
        string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"make-certs.sh failed (is openssl installed?):\n{output}");

        string password = ComposeFile.Services.First(s => s.IsNode).Environment["PAXOS_TLS_PASSWORD"];
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_folder, "ca.crt"));
        foreach (var host in hosts)
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_folder, host + ".pfx"), password);
            Assert.True(certificate.HasPrivateKey);
            Assert.Equal($"CN={host}", certificate.Subject);
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();
            Assert.Equal([host], names);
            var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
            Assert.Equal([ServerAuthentication, ClientAuthentication], usages.Order());

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }
    }
}
