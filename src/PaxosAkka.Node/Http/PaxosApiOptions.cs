namespace PaxosAkka.Node.Http;

/// <summary>Settings of the HTTP API.</summary>
public sealed class PaxosApiOptions
{
    /// <summary>
    /// A backstop on how long one key-value request may wait for the service, default 30 s. The service has its
    /// own, shorter request timeout (<c>paxos.node.request-timeout</c>, 5 s) and normally answers first; this
    /// only guarantees that a stuck service still yields a 503 "outcome unknown" instead of a hung client.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Says whether the node is going down (e.g. its actor system terminating); <c>GET /healthz</c> then answers
    /// 503. Null: only the HTTP host's own shutdown counts.
    /// </summary>
    public Func<bool>? IsTerminating { get; init; }

    /// <summary>
    /// How often the web console's event stream (<c>GET /events</c>) samples Paxos progress and sends every open
    /// page the cluster and Paxos status, default 500 ms.
    /// </summary>
    public TimeSpan ConsoleInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The clock of the console's sampling and event stream (a fake one in tests), default the system's.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
