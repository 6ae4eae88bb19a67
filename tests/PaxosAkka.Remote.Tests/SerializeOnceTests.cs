using PaxosAkka.Remote.Tests.Support;

namespace PaxosAkka.Remote.Tests;

/// <summary>
/// Remoting encodes a message told to several recipients in a row only once when its serializer declares its
/// messages immutable; a mutable message (a byte[] refilled between sends) is always encoded afresh.
/// </summary>
public sealed class SerializeOnceTests
{
    [Fact]
    public async Task A_byte_array_refilled_between_two_sends_arrives_with_each_content()
    {
        await using var pair = await SystemPair.StartAsync();
        var probe = new Probe(pair.B, "sink");
        var sink = pair.A.ActorSelection(RemoteSystems.PathOf(pair.B, "/user/sink")).Resolve()!;
        byte[] buffer = [1, 2, 3];

        sink.Tell(buffer, null);
        buffer[0] = 9;
        sink.Tell(buffer, null);

        Assert.Equal([1, 2, 3], await probe.ExpectMsgAsync<byte[]>());
        Assert.Equal([9, 2, 3], await probe.ExpectMsgAsync<byte[]>());
    }
}
