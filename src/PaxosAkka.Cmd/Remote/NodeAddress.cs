using System.Globalization;

namespace PaxosAkka.Cmd.Remote;

/// <summary>
/// The <c>host:port</c> of a node's command endpoint, as given first on the command line (<c>pbm 127.0.0.1:9111 cluster
/// show</c>). Without one pbm talks to <see cref="Default"/>, the port a node serves by default (<c>paxos.cmd.port</c>).
/// </summary>
internal sealed record NodeAddress(string Host, int Port)
{
    /// <summary>127.0.0.1:9110, where Petabridge.Cmd users look first.</summary>
    public static NodeAddress Default { get; } = new("127.0.0.1", 9110);

    /// <summary>The endpoint's base URL.</summary>
    public Uri BaseUri => new(string.Create(CultureInfo.InvariantCulture, $"http://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}/"));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>
    /// Parses <c>host:port</c> (<c>[::1]:9110</c> for IPv6). A word without a colon is never an address, so a
    /// command name can never be mistaken for one.
    /// </summary>
    public static bool TryParse(string? text, out NodeAddress address)
    {
        address = Default;
        if (string.IsNullOrWhiteSpace(text) || text.StartsWith('-') || text.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            return false;
        }

        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            return false;
        }

        address = new NodeAddress(host, port);
        return true;
    }
}
