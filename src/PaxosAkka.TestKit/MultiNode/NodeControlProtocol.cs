using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PaxosAkka.Cluster;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// The line protocol between <see cref="ChildProcessNode"/> (test process) and <see cref="NodeControlHost"/> (child):
/// one command per stdin line, one reply per stdout line. The child first prints
/// <c>ready &lt;address&gt; &lt;uid&gt;</c>; every command is answered by <c>ok</c>, <c>view &lt;json&gt;</c> or
/// <c>error &lt;text&gt;</c>. Commands: <c>join &lt;seed&gt;…</c>, <c>down &lt;address&gt;</c>, <c>view</c>,
/// <c>fault &lt;first&gt; &lt;second&gt; Send|Receive|Both pass|blackhole|throttle [delay-ms] [bytes-per-second]</c>,
/// <c>leave</c> (graceful; the child exits after its reply).
/// </summary>
public static class NodeControlProtocol
{
    public const string Ready = "ready";
    public const string Ok = "ok";
    public const string Error = "error";
    public const string View = "view";
    public const string Join = "join";
    public const string Down = "down";
    public const string Fault = "fault";
    public const string Leave = "leave";

    private static readonly JsonSerializerOptions s_json = new()
    {
        Converters = { new NodeAddressConverter(), new JsonStringEnumConverter() },
    };

    public static string FormatReady(NodeAddress address, long uid) => $"{Ready} {address} {uid.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses the child's first line; throws with the line when it is not a ready line.</summary>
    public static (NodeAddress Address, long Uid) ParseReady(string line)
    {
        var parts = (line ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0] != Ready || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var uid))
        {
            throw new FormatException($"expected '{Ready} <address> <uid>' from the node host, got '{line}'");
        }

        return (NodeAddress.Parse(parts[1]), uid);
    }

    public static string FormatView(ClusterView view) => $"{View} {JsonSerializer.Serialize(view, s_json)}";

    public static ClusterView ParseView(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(View + " ", StringComparison.Ordinal))
        {
            throw new FormatException($"expected a view line from the node host, got '{line}'");
        }

        return JsonSerializer.Deserialize<ClusterView>(line.AsSpan(View.Length + 1), s_json)
            ?? throw new FormatException("empty view from the node host");
    }

    public static string FormatFault(string first, string second, FaultDirection direction, LinkFault? fault) =>
        fault switch
        {
            null => $"{Fault} {first} {second} {direction} pass",
            { DropsAll: true } => $"{Fault} {first} {second} {direction} blackhole",
            _ => string.Create(CultureInfo.InvariantCulture,
                $"{Fault} {first} {second} {direction} throttle {fault.Delay.TotalMilliseconds} {fault.BytesPerSecond}"),
        };

    /// <summary>Parses the arguments of a fault command (everything after the word <c>fault</c>).</summary>
    public static (string First, string Second, FaultDirection Direction, LinkFault? Fault) ParseFault(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count < 4 || !Enum.TryParse<FaultDirection>(args[2], out var direction))
        {
            throw new FormatException("usage: fault <first> <second> Send|Receive|Both pass|blackhole|throttle [delay-ms] [bytes-per-second]");
        }

        LinkFault? fault = args[3] switch
        {
            "pass" => null,
            "blackhole" => LinkFault.Blackhole,
            "throttle" when args.Count == 6 => LinkFault.Throttle(
                TimeSpan.FromMilliseconds(double.Parse(args[4], CultureInfo.InvariantCulture)), long.Parse(args[5], CultureInfo.InvariantCulture)),
            _ => throw new FormatException($"unknown fault '{string.Join(' ', args.Skip(3))}'"),
        };
        return (args[0], args[1], direction, fault);
    }

    /// <summary>Addresses travel as their canonical text, which <see cref="NodeAddress.Parse"/> reads back.</summary>
    private sealed class NodeAddressConverter : JsonConverter<NodeAddress>
    {
        public override NodeAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            NodeAddress.Parse(reader.GetString() ?? throw new JsonException("null address"));

        public override void Write(Utf8JsonWriter writer, NodeAddress value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
