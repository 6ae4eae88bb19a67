using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PaxosAkka.MultiNode.Kit;

/// <summary>
/// A throwaway certificate authority made in code (no openssl): a self-signed CA and node certificates it signs,
/// written as PKCS#12 files with the CA certificate bundled, as scripts/make-certs.sh makes them for real clusters.
/// ECDSA P-256 keys: quick to make on a busy machine.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private readonly ECDsa _key;

    private TestCertificateAuthority(string name, ECDsa key, X509Certificate2 certificate)
    {
        Name = name;
        _key = key;
        Certificate = certificate;
    }

    /// <summary>The CA's name (its subject's CN).</summary>
    public string Name { get; }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new CA named <paramref name="name"/>, valid from yesterday for a year.</summary>
    public static TestCertificateAuthority Create(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var withKey = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var certificate = X509CertificateLoader.LoadCertificate(withKey.Export(X509ContentType.Cert));
        return new TestCertificateAuthority(name, key, certificate);
    }

    /// <summary>Writes the CA certificate (DER) to <paramref name="path"/> and returns the path.</summary>
    public string WriteCertificate(string path)
    {
        File.WriteAllBytes(path, Certificate.Export(X509ContentType.Cert));
        return path;
    }

    /// <summary>
    /// Issues a node certificate (CN=<paramref name="subject"/>, server and client authentication, 127.0.0.1) and
    /// writes it with its key and this CA's certificate as a PFX at <paramref name="path"/>.
    /// </summary>
    public string IssuePfx(string path, string subject, string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        var generator = X509SignatureGenerator.CreateForECDsa(_key);
        using var issued = request.Create(Certificate.SubjectName, generator, now.AddDays(-1), now.AddMonths(6), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        var bundle = new X509Certificate2Collection { withKey, Certificate };
        File.WriteAllBytes(path, bundle.Export(X509ContentType.Pkcs12, password)!);
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }
}
