using System.Reflection;
using PaxosAkka.Hocon;

namespace PaxosAkka.Remote;

/// <summary>
/// Typed <c>paxos.remote</c> settings. Defaults match the embedded <c>reference.conf</c>; read that file for
/// what each setting means.
/// </summary>
public sealed record RemoteSettings
{
    /// <summary>Interface to bind and to advertise. Default <c>127.0.0.1</c>.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Listener port; 0 picks a free one. Default 0.</summary>
    public int Port { get; init; }

    /// <summary>Shared cluster secret proven by HMAC in the handshake. Default empty (warned about).</summary>
    public string Secret { get; init; } = "";

    /// <summary>Largest frame accepted or sent. Default 4 MiB.</summary>
    public int MaximumFrameSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deadline for the whole handshake. Default 5 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay. Default 100 ms.</summary>
    public TimeSpan ReconnectBackoffMin { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest reconnect delay. Default 5 s.</summary>
    public TimeSpan ReconnectBackoffMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Jitter added to each delay, as a fraction of it. Default 0.2.</summary>
    public double ReconnectBackoffRandomFactor { get; init; } = 0.2;

    /// <summary>How long an association may stay down before its node counts as gone. Default 10 s.</summary>
    public TimeSpan NodeLossTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages queued per remote node. Default 100 000.</summary>
    public int OutboundQueueSize { get; init; } = 100_000;

    /// <summary>Inbound connections at once. Default 256.</summary>
    public int MaximumInboundConnections { get; init; } = 256;

    /// <summary>The embedded <c>reference.conf</c>, parsed.</summary>
    public static Config Reference { get; } = ConfigurationFactory.FromResource(typeof(RemoteSettings).Assembly, "PaxosAkka.Remote.reference.conf");

    /// <summary>Reads <c>paxos.remote</c> from <paramref name="config"/> over the reference defaults.</summary>
    public static RemoteSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.WithFallback(Reference).GetConfig("paxos.remote");
        if (section.IsEmpty)
        {
            throw new ConfigException($"Missing section 'paxos.remote' in {config.Origin}; is PaxosAkka.Remote's reference.conf embedded?");
        }

        var frameSize = section.GetByteSize("maximum-frame-size")
            ?? throw new ConfigException("paxos.remote.maximum-frame-size must be a size such as 4 MiB");
        return new RemoteSettings
        {
            Hostname = section.GetString("hostname"),
            Port = section.GetInt("port"),
            Secret = section.GetString("secret"),
            MaximumFrameSize = (int)Math.Min(frameSize, int.MaxValue),
            HandshakeTimeout = section.GetTimeSpan("handshake-timeout"),
            ReconnectBackoffMin = section.GetTimeSpan("reconnect-backoff-min"),
            ReconnectBackoffMax = section.GetTimeSpan("reconnect-backoff-max"),
            ReconnectBackoffRandomFactor = section.GetDouble("reconnect-backoff-random-factor"),
            NodeLossTimeout = section.GetTimeSpan("node-loss-timeout"),
            OutboundQueueSize = section.GetInt("outbound-queue-size"),
            MaximumInboundConnections = section.GetInt("maximum-inbound-connections"),
            ShutdownFlushTimeout = section.GetTimeSpan("shutdown-flush-timeout"),
        }.Validate();
    }

    /// <summary>On shutdown, how long queued messages of a connected association may take to leave. Default 2 s.</summary>
    public TimeSpan ShutdownFlushTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public RemoteSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Hostname, "paxos.remote.hostname");
        ArgumentNullException.ThrowIfNull(Secret, "paxos.remote.secret");
        ArgumentOutOfRangeException.ThrowIfNegative(Port, "paxos.remote.port");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, "paxos.remote.port");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumFrameSize, 1024, "paxos.remote.maximum-frame-size");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero, "paxos.remote.handshake-timeout");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectBackoffMin, TimeSpan.Zero, "paxos.remote.reconnect-backoff-min");
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectBackoffMax, ReconnectBackoffMin, "paxos.remote.reconnect-backoff-max");
        ArgumentOutOfRangeException.ThrowIfNegative(ReconnectBackoffRandomFactor, "paxos.remote.reconnect-backoff-random-factor");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NodeLossTimeout, TimeSpan.Zero, "paxos.remote.node-loss-timeout");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OutboundQueueSize, "paxos.remote.outbound-queue-size");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaximumInboundConnections, "paxos.remote.maximum-inbound-connections");
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownFlushTimeout, TimeSpan.Zero, "paxos.remote.shutdown-flush-timeout");
        return this;
    }

    /// <summary>The embedded, commented <c>reference.conf</c> with every default.</summary>
    public static string ReferenceConfig()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PaxosAkka.Remote.reference.conf")
            ?? throw new InvalidOperationException("PaxosAkka.Remote.reference.conf is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
