using System.Text.Json;
using System.Text.Json.Serialization;
using PaxosAkka.Actors;

namespace PaxosAkka.Remote.Serialization;

/// <summary>
/// Lets JSON messages carry <see cref="IActorRef"/> fields (reply-to refs): written as the full path, read
/// back through the receiving node's remoting, so a ref to the sender's actor becomes a
/// <see cref="RemoteActorRef"/> there. Unknown or unparsable paths read as <see cref="ActorRefs.Nobody"/>.
/// </summary>
internal sealed class ActorRefJsonConverter : JsonConverter<IActorRef>
{
    /// <summary>Installed by remoting once the actor system exists.</summary>
    public Func<string, IActorRef?>? Resolve { get; set; }

    public override IActorRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var path = reader.GetString();
        return path is null ? null : Resolve?.Invoke(path) ?? ActorRefs.Nobody;
    }

    public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Path.ToString());
    }
}
