using Akka.Configuration;

namespace PaxosAkka.Node.Configuration;

/// <summary>
/// Node-to-node TLS with mutual authentication (<c>paxos.node.tls</c>; defaults in reference.conf). Off by default
/// (the local quick start); <see cref="Enabled"/> alone turns it on for remoting, given a certificate.
/// </summary>
/// <param name="Enabled">True: every remoting connection is TLS and both ends must present a certificate.</param>
/// <param name="CertificatePath">This node's PKCS#12 (PFX) file: its certificate with the private key, usually bundled with the cluster CA.</param>
/// <param name="CertificatePassword">The password of <paramref name="CertificatePath"/> ("" for none).</param>
/// <param name="CaCertificatePath">
/// The cluster CA's certificate (PEM or DER). Empty: the CA certificates bundled in the PFX. A peer is admitted only
/// when its certificate chains to one of them.
/// </param>
public sealed record TlsSettings(bool Enabled, string CertificatePath, string CertificatePassword, string CaCertificatePath)
{
    /// <summary>TLS off.</summary>
    public static TlsSettings Off { get; } = new(false, string.Empty, string.Empty, string.Empty);

    /// <summary>Reads <c>tls</c> under <paramref name="node"/> (the <c>paxos.node</c> section).</summary>
    /// <exception cref="ConfigurationException">TLS is on but no certificate is named.</exception>
    internal static TlsSettings Parse(Config node)
    {
        bool enabled = node.GetBoolean("tls.enabled", false);
        var tls = new TlsSettings(
            enabled,
            node.GetString("tls.certificate-path", string.Empty) ?? string.Empty,
            node.GetString("tls.certificate-password", string.Empty) ?? string.Empty,
            node.GetString("tls.ca-certificate-path", string.Empty) ?? string.Empty);
        if (enabled && string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            throw new ConfigurationException("paxos.node.tls.enabled = on needs paxos.node.tls.certificate-path (this node's PFX; scripts/make-certs.sh makes one)");
        }

        return tls;
    }

    /// <inheritdoc />
    public override string ToString() =>
        // Never print the password (settings end up in logs).
        $"TlsSettings {{ Enabled = {Enabled}, CertificatePath = {CertificatePath}, CaCertificatePath = {CaCertificatePath} }}";
}
