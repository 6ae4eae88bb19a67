using System.Buffers.Binary;
using System.Collections.Immutable;
using PaxosAkka.Consensus;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>
/// Maps a node's integer input to the core's <see cref="SlotValue"/> and back. The encoding depends on the
/// value only (not on which node proposed it), so two nodes with the same input propose the same value.
/// </summary>
internal static class SynodValues
{
    private const string InputClient = "input";

    /// <summary>One command whose id and 4-byte little-endian payload both carry <paramref name="input"/>.</summary>
    public static SlotValue Encode(int input)
    {
        var payload = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, input);
        return new SlotValue([new Command(new CommandId(InputClient, input), payload)]);
    }

    /// <summary>The input a value carries, or null when it is not an encoded input (a Validity breach).</summary>
    public static int? Decode(SlotValue? value)
    {
        if (value is null || value.Commands.Length != 1)
        {
            return null;
        }

        var command = value.Commands[0];
        if (command.Id.ClientId != InputClient || command.Payload.Length != sizeof(int))
        {
            return null;
        }

        var input = BinaryPrimitives.ReadInt32LittleEndian(command.Payload);
        return command.Id.Sequence == input ? input : null;
    }

    /// <summary>Short text for traces: the decoded input, or a marker for anything else.</summary>
    public static string Show(SlotValue? value) => value switch
    {
        null => "none",
        { IsNoOp: true } => "no-op",
        _ => Decode(value)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "<not an input>",
    };

    /// <summary>Draws every node's input from the run's PRNG, in node order (part of the replay contract).</summary>
    public static ImmutableArray<int> DrawInputs(int nodes, ValueDomain domain, Random random)
    {
        var inputs = ImmutableArray.CreateBuilder<int>(nodes);
        for (var i = 0; i < nodes; i++)
        {
            inputs.Add(domain == ValueDomain.Binary ? random.Next(2) : random.Next(1000));
        }

        return inputs.MoveToImmutable();
    }
}
