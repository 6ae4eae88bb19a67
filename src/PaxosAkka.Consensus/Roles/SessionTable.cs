using System.Collections.Immutable;

namespace PaxosAkka.Consensus;

/// <summary>One client's decisions in a <see cref="SessionTable"/>: every sequence up to <paramref name="Watermark"/> applied, plus <paramref name="Above"/>.</summary>
public sealed record ClientSessionState(string ClientId, long Watermark, ImmutableArray<long> Above);

/// <summary>
/// Remembers which client requests were applied so a retried command that got chosen twice (in two slots,
/// e.g. after a leader change) is applied once. Every replica applies the same log in the same order, so
/// every replica's table makes the same decisions. Per client it keeps a watermark (all sequences at or
/// below were applied) plus the few applied above it, so pipelined requests chosen out of order are all
/// applied rather than mistaken for duplicates.
/// </summary>
public sealed class SessionTable
{
    private readonly Dictionary<string, ClientSession> _clients = new(StringComparer.Ordinal);

    /// <summary>Creates a table; <paramref name="maxOutOfOrderPerClient"/> bounds memory per client (default 1,024).</summary>
    public SessionTable(int maxOutOfOrderPerClient = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutOfOrderPerClient, 1);
        MaxOutOfOrderPerClient = maxOutOfOrderPerClient;
    }

    /// <summary>
    /// Sequences applied above a client's watermark that are remembered individually. When exceeded the
    /// watermark jumps to the lowest remembered one, i.e. a request older than that many newer ones counts
    /// as applied (a client must not have more than this many requests outstanding).
    /// </summary>
    public int MaxOutOfOrderPerClient { get; }

    /// <summary>Number of clients seen.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>
    /// Records <paramref name="id"/> as applied and returns true, or returns false if it already was (a
    /// retry), in which case the caller must skip it.
    /// </summary>
    /// <exception cref="ArgumentException">Empty client id or a sequence below 1.</exception>
    public bool TryApply(CommandId id)
    {
        Validate(id);
        if (!_clients.TryGetValue(id.ClientId, out var session))
        {
            session = new ClientSession();
            _clients.Add(id.ClientId, session);
        }

        if (id.Sequence <= session.Watermark || !session.Above.Add(id.Sequence))
        {
            return false;
        }

        while (session.Above.Remove(session.Watermark + 1))
        {
            session.Watermark++;
        }

        if (session.Above.Count > MaxOutOfOrderPerClient)
        {
            session.Watermark = session.Above.Min;
            session.Above.Remove(session.Above.Min);
            while (session.Above.Remove(session.Watermark + 1))
            {
                session.Watermark++;
            }
        }

        return true;
    }

    /// <summary>True if <paramref name="id"/> was already applied.</summary>
    public bool IsApplied(CommandId id)
    {
        Validate(id);
        return _clients.TryGetValue(id.ClientId, out var session)
            && (id.Sequence <= session.Watermark || session.Above.Contains(id.Sequence));
    }

    /// <summary>The highest sequence below which every request of <paramref name="clientId"/> was applied (0 if none).</summary>
    public long Watermark(string clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        return _clients.TryGetValue(clientId, out var session) ? session.Watermark : 0;
    }

    /// <summary>
    /// Every client's decisions, in ordinal client order: with <see cref="Restore"/> a replica installing a snapshot
    /// makes exactly the decisions the captured one would (a retried command stays applied once).
    /// </summary>
    public ImmutableArray<ClientSessionState> Export() =>
        [.. _clients.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new ClientSessionState(c.Key, c.Value.Watermark, [.. c.Value.Above]))];

    /// <summary>Replaces <paramref name="state"/>'s client session with the exported one.</summary>
    /// <exception cref="ArgumentException">Empty client id, a negative watermark, or a sequence above that is not above it or repeats.</exception>
    public void Restore(ClientSessionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(state.ClientId, nameof(state));
        ArgumentOutOfRangeException.ThrowIfNegative(state.Watermark, nameof(state));
        var above = state.Above.IsDefault ? [] : state.Above;
        var session = new ClientSession { Watermark = state.Watermark };
        foreach (long sequence in above)
        {
            if (sequence <= state.Watermark + 1 || !session.Above.Add(sequence))
            {
                throw new ArgumentException($"Client {state.ClientId}: sequence {sequence} above watermark {state.Watermark} is not a gap-separated, distinct one.", nameof(state));
            }
        }

        _clients[state.ClientId] = session;
    }

    private static void Validate(CommandId id)
    {
        if (string.IsNullOrEmpty(id.ClientId))
        {
            throw new ArgumentException("A command id needs a client id.", nameof(id));
        }

        if (id.Sequence < 1)
        {
            throw new ArgumentException($"Sequence {id.Sequence} is invalid; client sequences start at 1.", nameof(id));
        }
    }

    private sealed class ClientSession
    {
        public long Watermark { get; set; }

        public SortedSet<long> Above { get; } = [];
    }
}
