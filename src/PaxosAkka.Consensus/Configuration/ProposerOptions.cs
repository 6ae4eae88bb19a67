namespace PaxosAkka.Consensus;

/// <summary>Tuning for the Multi-Paxos leader. Every default is stated and chosen for a LAN cluster.</summary>
public sealed record ProposerOptions
{
    private readonly int _pipelineWindow = 64;
    private readonly int _maxBatchSize = 128;
    private readonly int _maxBatchBytes = 2 * 1024 * 1024;
    private readonly int _retransmitTicks = 3;
    private readonly int _maxPendingCommands = 10_000;

    /// <summary>The defaults below.</summary>
    public static ProposerOptions Default { get; } = new();

    /// <summary>
    /// Maximum slots in phase 2 at once (default 64). Bounds memory and keeps a slow acceptor from
    /// accumulating an unbounded backlog; like TCP's window it trades latency for throughput.
    /// </summary>
    public int PipelineWindow
    {
        get => _pipelineWindow;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _pipelineWindow = value;
        }
    }

    /// <summary>
    /// Maximum client commands packed into one slot value (default 128; 1 turns batching off). Batching
    /// amortises one Paxos instance and one durable write over many commands.
    /// </summary>
    public int MaxBatchSize
    {
        get => _maxBatchSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxBatchSize = value;
        }
    }

    /// <summary>
    /// Most bytes of client commands (payloads and ids) packed into one slot value (default 2 MiB). A batch stops
    /// before the command that would pass it, but always takes at least one, so every Accept, Accepted, Chosen and
    /// catch-up entry stays far below the transport's frame limit however large the values (each at most 1 MiB).
    /// </summary>
    public int MaxBatchBytes
    {
        get => _maxBatchBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxBatchBytes = value;
        }
    }

    /// <summary>
    /// Ticks without an answer before a Prepare or Accept is sent again to the acceptors that have not
    /// answered (default 3). Retransmission is what makes progress survive lost messages.
    /// </summary>
    public int RetransmitTicks
    {
        get => _retransmitTicks;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _retransmitTicks = value;
        }
    }

    /// <summary>
    /// Commands queued waiting for window space (default 10,000). Beyond it a proposal is rejected with
    /// <see cref="ProposalRejected"/> instead of growing memory without bound (back-pressure).
    /// </summary>
    public int MaxPendingCommands
    {
        get => _maxPendingCommands;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxPendingCommands = value;
        }
    }
}
