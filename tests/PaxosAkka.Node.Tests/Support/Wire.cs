using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node.Tests;

/// <summary>
/// Round trips through <see cref="PaxosSerializer"/>'s codec without an actor system: its ToBinary, Manifest and
/// FromBinary never touch the system (the bindings themselves are tested with one in PaxosSerializerTests).
/// </summary>
internal static class Wire
{
    private static readonly PaxosSerializer Serializer = new(null!);

    public static T RoundTrip<T>(T message)
        where T : notnull =>
        (T)Serializer.FromBinary(Serializer.ToBinary(message), Serializer.Manifest(message));
}
