using System.Collections.Immutable;

namespace PaxosAkka.Consensus;

/// <summary>
/// The value decided for one log slot: a batch of client commands (batching amortises one Paxos instance
/// over many commands), or the empty no-op a new leader uses to fill gaps (Paxos Made Simple §3).
/// Equality is structural over the commands, so acceptors, learners and checkers compare values, not
/// references.
/// </summary>
/// <param name="Commands">The commands, applied in this order; empty for a no-op.</param>
public sealed record SlotValue(ImmutableArray<Command> Commands)
{
    /// <summary>The no-op value: chosen into a gap so later slots can be delivered.</summary>
    public static SlotValue NoOp { get; } = new(ImmutableArray<Command>.Empty);

    /// <summary>True when this value carries no commands.</summary>
    public bool IsNoOp => Commands.IsDefaultOrEmpty;

    /// <summary>A value carrying exactly one command (batching off).</summary>
    public static SlotValue Of(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new SlotValue([command]);
    }

    /// <summary>A value carrying the given commands in order.</summary>
    public static SlotValue Of(IEnumerable<Command> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return new SlotValue([.. commands]);
    }

    /// <inheritdoc />
    public bool Equals(SlotValue? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        var mine = Commands.IsDefault ? ImmutableArray<Command>.Empty : Commands;
        var theirs = other.Commands.IsDefault ? ImmutableArray<Command>.Empty : other.Commands;
        if (mine.Length != theirs.Length)
        {
            return false;
        }

        for (int i = 0; i < mine.Length; i++)
        {
            if (!Equals(mine[i], theirs[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        if (!Commands.IsDefault)
        {
            foreach (var command in Commands)
            {
                hash.Add(command);
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>Readable form used in traces.</summary>
    public override string ToString() =>
        IsNoOp ? "no-op" : Commands.Length == 1 ? Commands[0].ToString() : $"batch[{Commands.Length}: {Commands[0]}..]";
}
