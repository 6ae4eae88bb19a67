using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// How <c>paxos.node.tls</c> becomes Akka.Remote's TLS: the node presents the certificate of its PFX, requires the
/// peer's (mutual authentication), and admits a peer only when the peer's certificate chains to the cluster CA. The
/// CA is pinned through a custom trust store rather than the machine's store, so neither a public CA's certificate
/// nor one the operator happens to trust opens the cluster, and nothing is installed anywhere.
/// </summary>
public static class NodeTls
{
    /// <summary>Akka.Remote.Hosting's TLS options for <paramref name="tls"/> (which must be enabled).</summary>
    /// <exception cref="ConfigurationException">The files cannot be read, hold no private key or no CA.</exception>
    public static SslOptions Options(TlsSettings tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (!tls.Enabled)
        {
            throw new ArgumentException("TLS is off", nameof(tls));
        }

        var (certificate, authorities) = Load(tls);
        return new SslOptions
        {
            X509Certificate = certificate,
            SuppressValidation = false,
            RequireMutualAuthentication = true,

            // Members are addressed by IP on loopback and in containers; their identity is the CA's signature, which
            // the validator checks on both ends. (With a custom validator Akka does not check names anyway.)
            ValidateCertificateHostname = false,
            CustomValidator = (peer, presented, remotePeer, _, log) => Admit(peer, presented, authorities, remotePeer, log),
        };
    }

    /// <summary>
    /// Loads this node's certificate (the PFX entry with a private key) and the cluster CA (the named file, else the
    /// other certificates of the PFX).
    /// </summary>
    internal static (X509Certificate2 Certificate, X509Certificate2Collection Authorities) Load(TlsSettings tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        X509Certificate2Collection bundle;
        try
        {
            bundle = X509CertificateLoader.LoadPkcs12CollectionFromFile(tls.CertificatePath, tls.CertificatePassword);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"paxos.node.tls.certificate-path = \"{tls.CertificatePath}\" could not be read as a PKCS#12 file with that password: {e.Message}", e);
        }

        var certificate = bundle.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new ConfigurationException($"paxos.node.tls.certificate-path = \"{tls.CertificatePath}\" holds no certificate with a private key");
        var authorities = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(tls.CaCertificatePath))
        {
            try
            {
                authorities.Add(X509CertificateLoader.LoadCertificateFromFile(tls.CaCertificatePath));
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"paxos.node.tls.ca-certificate-path = \"{tls.CaCertificatePath}\" could not be read as a certificate: {e.Message}", e);
            }
        }
        else
        {
            authorities.AddRange(bundle.Where(c => !c.HasPrivateKey).ToArray());
        }

        if (authorities.Count == 0)
        {
            throw new ConfigurationException("paxos.node.tls needs the cluster CA: bundle it in the PFX or name paxos.node.tls.ca-certificate-path");
        }

        return (certificate, authorities);
    }

    /// <summary>
    /// True when <paramref name="peer"/> chains to one of <paramref name="authorities"/> (and only those: a custom
    /// root trust, no revocation look-up on an offline cluster CA). Certificates the peer sent along in
    /// <paramref name="presented"/> may serve as intermediates, never as roots. No certificate is no admission.
    /// </summary>
    internal static bool IsSignedBy(X509Certificate2? peer, X509Chain? presented, X509Certificate2Collection authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        if (peer is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(peer);
    }

    private static bool Admit(X509Certificate2? peer, X509Chain? presented, X509Certificate2Collection authorities, string remotePeer, ILoggingAdapter log)
    {
        if (IsSignedBy(peer, presented, authorities))
        {
            return true;
        }

        log.Warning(
            "TLS: refused {0}: its certificate {1} is not signed by the cluster CA",
            remotePeer,
            peer is null ? "(none presented)" : peer.Subject);
        return false;
    }
}
