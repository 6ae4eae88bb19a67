using Akka.Configuration;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Cmd;

/// <summary>
/// <c>paxos.cmd</c>: where the node serves <c>pbm</c>'s command endpoint (documented in the node's reference.conf).
/// Parsed once from the node's config over the embedded reference; a bad value names its path.
/// </summary>
/// <param name="Enabled">False: the node serves no command endpoint at all.</param>
/// <param name="Host">Interface to bind: loopback by default, because the endpoint can down and remove members.</param>
/// <param name="Port">TCP port (0 picks a free one, for tests).</param>
public sealed record CmdSettings(bool Enabled, string Host, int Port)
{
    /// <summary>Reads <c>paxos.cmd</c> from <paramref name="config"/>, defaults from reference.conf.</summary>
    /// <exception cref="ConfigurationException">A port outside 0..65535 or an empty host.</exception>
    public static CmdSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var cmd = config.WithFallback(NodeSettings.Reference).GetConfig("paxos.cmd");
        if (cmd is null || cmd.IsEmpty)
        {
            throw new ConfigurationException("Missing section 'paxos.cmd'; is the node's reference.conf embedded?");
        }

        int port = cmd.GetInt("port");
        if (port is < 0 or > 65535)
        {
            throw new ConfigurationException($"paxos.cmd.port must be 0..65535, not {port}");
        }

        string host = cmd.GetString("host");
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new ConfigurationException("paxos.cmd.host must name an interface, e.g. \"127.0.0.1\" or \"0.0.0.0\"");
        }

        return new CmdSettings(cmd.GetBoolean("enabled"), host.Trim(), port);
    }
}
